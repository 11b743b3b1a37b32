import { Alert, List } from "@mantine/core";
import { IconAlertCircle } from "@tabler/icons-react";
import { ApiError, errorMessage } from "../api/errors.ts";

/** Shows a failed request's `detail` (and a weak password's list of problems). Renders nothing without an error. */
export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const problems = error instanceof ApiError ? error.passwordProblems : [];
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} title={title} role="alert">
      {errorMessage(error)}
      {problems.length > 1 && (
        <List size="sm" mt={6}>
          {problems.map((p) => (
            <List.Item key={p}>{p}</List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}

/** Per-field message from a validation problem, for an input's `error` prop. */
export function fieldError(error: unknown, field: string): string | undefined {
  return error instanceof ApiError ? error.fieldError(field) : undefined;
}
