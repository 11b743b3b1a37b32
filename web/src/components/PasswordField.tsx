import { Box, Group, List, PasswordInput, Progress, Stack, Text, ThemeIcon } from "@mantine/core";
import { IconCheck, IconX } from "@tabler/icons-react";
import { ApiError } from "../api/errors.ts";

const MIN_LENGTH = 12;

/**
 * A rough, local estimate (length and variety) so people see progress while typing. The server has the last
 * word: it also rejects common, breached and personal passwords, and its reasons are shown under the meter.
 */
function estimate(password: string, personal: string[]): number {
  if (!password) return 0;
  const lower = password.toLowerCase();
  if (personal.some((p) => p.length >= 3 && lower.includes(p.toLowerCase()))) return 10;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  const unique = new Set(password).size;
  let score = Math.min(password.length, 24) * 3 + classes * 6 + Math.min(unique, 12) * 1.5;
  if (password.length < MIN_LENGTH) score = Math.min(score, 35);
  return Math.min(100, Math.round(score));
}

function Requirement({ met, label }: { met: boolean; label: string }) {
  return (
    <Group gap={6} wrap="nowrap">
      <ThemeIcon size={16} radius="xl" color={met ? "teal" : "gray"} variant={met ? "filled" : "light"}>
        {met ? <IconCheck size={11} /> : <IconX size={11} />}
      </ThemeIcon>
      <Text size="xs" c={met ? undefined : "dimmed"}>
        {label}
      </Text>
    </Group>
  );
}

export function PasswordField({
  label = "Password",
  value,
  onChange,
  error,
  personal = [],
  autoComplete = "new-password",
  withMeter = true,
  name,
  autoFocus,
}: {
  label?: string;
  value: string;
  onChange: (value: string) => void;
  /** The last failed request; its weak_password problems and field message are shown here. */
  error?: unknown;
  /** The person's name and email: a password containing them is weak. */
  personal?: string[];
  autoComplete?: string;
  withMeter?: boolean;
  name?: string;
  autoFocus?: boolean;
}) {
  const apiError = error instanceof ApiError ? error : null;
  const serverProblems = apiError?.code === "weak_password" ? apiError.passwordProblems : [];
  const fieldMessage = apiError?.fieldError(name ?? "password");
  const weak = serverProblems.length > 0 || apiError?.code === "weak_password";
  const strength = weak ? Math.min(estimate(value, personal), 30) : estimate(value, personal);
  const color = strength >= 80 ? "teal" : strength >= 55 ? "yellow" : "red";
  const personalParts = personal.flatMap((p) => p.split(/[@.\s_-]+/)).filter((p) => p.length >= 3);
  const containsPersonal = personalParts.some((p) => value.toLowerCase().includes(p.toLowerCase()));

  return (
    <Stack gap={6}>
      <PasswordInput
        label={label}
        name={name}
        autoFocus={autoFocus}
        required
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
        autoComplete={autoComplete}
        error={fieldMessage ?? (weak ? "This password is too easy to guess." : undefined)}
        description={
          withMeter ? `At least ${MIN_LENGTH} characters. A few unrelated words make a strong one.` : undefined
        }
      />
      {withMeter && (
        <Box aria-live="polite">
          <Progress
            value={value ? Math.max(strength, 8) : 0}
            color={color}
            size="sm"
            aria-label="Estimated password strength"
            mb={6}
          />
          <Stack gap={2}>
            <Requirement met={value.length >= MIN_LENGTH} label={`At least ${MIN_LENGTH} characters`} />
            <Requirement met={!!value && !containsPersonal} label="Not based on your name or email" />
          </Stack>
          {serverProblems.length > 0 && (
            <List size="xs" c="red" mt={6} spacing={2}>
              {serverProblems.map((p) => (
                <List.Item key={p}>{p}</List.Item>
              ))}
            </List>
          )}
        </Box>
      )}
    </Stack>
  );
}
