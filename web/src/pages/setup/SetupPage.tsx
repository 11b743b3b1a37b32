import { Button, Stack, Text, TextInput } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useNavigate } from "react-router";
import { api, setCsrfToken } from "../../api/client.ts";
import { ApiError } from "../../api/errors.ts";
import { AuthLayout } from "../../components/AuthLayout.tsx";
import { ErrorAlert, fieldError } from "../../components/ErrorAlert.tsx";
import { PasswordField } from "../../components/PasswordField.tsx";
import { SETUP_STATUS_KEY } from "../../gates.tsx";
import { emailProblem, useFormErrors } from "../../lib/form-errors.ts";
import { notifySuccess } from "../../lib/notify.ts";
import { SESSION_KEY } from "../../session.tsx";

export function SetupPage() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [form, setForm] = useState({ organizationName: "", name: "", email: "", password: "" });
  const set = (k: keyof typeof form) => (v: string) => setForm((f) => ({ ...f, [k]: v }));

  const setup = useMutation({
    mutationFn: () =>
      api.POST("/api/v1/setup", {
        body: {
          ...form,
          organizationName: form.organizationName.trim(),
          name: form.name.trim(),
          email: form.email.trim(),
        },
      }),
    onSuccess: async (res) => {
      if (res?.csrfToken) setCsrfToken(res.csrfToken);
      qc.setQueryData(SETUP_STATUS_KEY, { needsSetup: false });
      await qc.invalidateQueries({ queryKey: SESSION_KEY });
      notifySuccess(
        `${form.organizationName.trim()} is ready. Next, protect your account with MFA.`,
        "Welcome to Assay",
      );
      navigate("/", { replace: true });
    },
  });
  const err = setup.error;
  const errors = useFormErrors(form, err, { email: emailProblem });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (errors.submit(e)) setup.mutate();
  };
  const weak = err instanceof ApiError && err.code === "weak_password";
  const general = err && !weak && !["organizationName", "name", "email"].some((f) => fieldError(err, f)) ? err : null;

  return (
    <AuthLayout
      title="Set up Assay"
      subtitle="Create your organization and its first owner account. This page is only available once, on a new installation."
      width={480}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <ErrorAlert error={general} />
          <TextInput
            label="Organization name"
            description="Your company, as your auditor and customers know it."
            required
            autoFocus
            value={form.organizationName}
            onChange={(e) => set("organizationName")(e.currentTarget.value)}
            error={errors.of("organizationName")}
            autoComplete="organization"
          />
          <TextInput
            label="Your name"
            required
            value={form.name}
            onChange={(e) => set("name")(e.currentTarget.value)}
            error={errors.of("name")}
            autoComplete="name"
          />
          <TextInput
            label="Work email"
            type="email"
            required
            value={form.email}
            onChange={(e) => set("email")(e.currentTarget.value)}
            error={errors.of("email")}
            autoComplete="email"
          />
          <PasswordField
            value={form.password}
            onChange={set("password")}
            error={err}
            personal={[form.name, form.email]}
          />
          <Button type="submit" loading={setup.isPending} fullWidth mt="xs">
            Create organization
          </Button>
          <Text size="xs" c="dimmed" ta="center">
            You become the owner. You can invite colleagues and require MFA for everyone afterwards.
          </Text>
        </Stack>
      </form>
    </AuthLayout>
  );
}
