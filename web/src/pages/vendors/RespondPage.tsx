import { Alert, Button, Divider, Group, Radio, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useSearchParams } from "react-router";
import { api } from "../../api/client.ts";
import { AuthLayout } from "../../components/AuthLayout.tsx";
import { ErrorAlert, fieldError } from "../../components/ErrorAlert.tsx";
import { SectionLoader } from "../../components/Loading.tsx";
import { formatDateTime } from "../../components/Time.tsx";

/**
 * The public answer form of a security questionnaire: opened from the emailed link, no account. The link's secret
 * (in the URL) is the credential; an expired or used link says so plainly.
 */
export function RespondPage() {
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const lookup = useQuery({
    queryKey: ["vendor-questionnaire", token],
    queryFn: () => api.GET("/api/v1/vendor-questionnaires/{token}", { params: { path: { token } }, quiet: true }),
    enabled: token.length >= 20,
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
  const [name, setName] = useState("");
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const send = useMutation({
    mutationFn: () =>
      api.POST("/api/v1/vendor-questionnaires/{token}", {
        params: { path: { token } },
        body: {
          respondentName: name.trim(),
          answers: Object.entries(answers).map(([questionId, answer]) => ({ questionId, answer })),
        },
        quiet: true,
      }),
  });

  if (token.length < 20)
    return (
      <AuthLayout title="Security questionnaire">
        <Alert color="red" variant="light" role="alert">
          This link is incomplete. Open the link from the email again.
        </Alert>
      </AuthLayout>
    );
  if (lookup.isPending)
    return (
      <AuthLayout title="Security questionnaire">
        <SectionLoader label="Opening the questionnaire…" />
      </AuthLayout>
    );
  if (lookup.isError)
    return (
      <AuthLayout title="This link cannot be used">
        <Stack>
          <ErrorAlert error={lookup.error} />
          <Text size="sm" c="dimmed">
            Check that you opened the whole link from the email. If it still does not work, ask the person who sent it
            for a new one.
          </Text>
        </Stack>
      </AuthLayout>
    );
  const q = lookup.data;
  if (send.isSuccess || q.state === "answered")
    return (
      <AuthLayout title="Thank you">
        <Alert color="teal" variant="light" role="status">
          {send.isSuccess
            ? `Your answers were sent to ${q.organization}. You can close this page.`
            : `This questionnaire was already answered. ${q.organization} has the answers; nothing more is needed.`}
        </Alert>
      </AuthLayout>
    );
  if (q.state === "expired")
    return (
      <AuthLayout title="This link has expired">
        <Alert color="orange" variant="light" role="alert">
          The questionnaire could be answered until {formatDateTime(q.expiresAt)}. Ask {q.organization} for a new link.
        </Alert>
      </AuthLayout>
    );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    send.mutate();
  };
  const missing = q.questions.filter((x) => x.required && !answers[x.id]?.trim()).length;
  return (
    <AuthLayout
      title={`Security questionnaire for ${q.vendor}`}
      subtitle={`${q.organization} asks ${q.contactName ?? "you"} to answer ${q.questions.length} questions about how ${q.vendor} protects its data. No account is needed; the link works once, until ${formatDateTime(q.expiresAt)}.`}
      width={720}
    >
      <form onSubmit={submit}>
        <Stack gap="lg">
          {q.questions.map((x, i) =>
            x.type === "yes_no" ? (
              <Radio.Group
                key={x.id}
                label={`${i + 1}. ${x.text}`}
                value={answers[x.id] ?? ""}
                onChange={(v) => setAnswers((a) => ({ ...a, [x.id]: v }))}
                required
              >
                <Group mt={6}>
                  <Radio value="yes" label="Yes" />
                  <Radio value="no" label="No" />
                </Group>
              </Radio.Group>
            ) : (
              <Textarea
                key={x.id}
                label={`${i + 1}. ${x.text}`}
                autosize
                minRows={2}
                maxLength={4000}
                required={x.required}
                value={answers[x.id] ?? ""}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  setAnswers((a) => ({ ...a, [x.id]: value }));
                }}
              />
            ),
          )}
          <Divider />
          <TextInput
            label="Your name"
            description="Who answers for the vendor"
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fieldError(send.error, "respondentName")}
          />
          <ErrorAlert error={send.error} />
          <Group justify="space-between">
            <Text size="sm" c="dimmed">
              {missing
                ? `${missing} required ${missing === 1 ? "answer" : "answers"} left`
                : "Every required question is answered"}
            </Text>
            <Button type="submit" loading={send.isPending} disabled={!name.trim() || missing > 0}>
              Send answers
            </Button>
          </Group>
        </Stack>
      </form>
    </AuthLayout>
  );
}
