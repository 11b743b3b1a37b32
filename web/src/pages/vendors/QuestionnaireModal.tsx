import { Alert, Button, Group, Modal, NumberInput, Select, Stack, Text, TextInput } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api } from "../../api/client.ts";
import { CopyField } from "../../components/CopyField.tsx";
import { ErrorAlert, fieldError } from "../../components/ErrorAlert.tsx";
import { formatDateTime } from "../../components/Time.tsx";
import { vendorKeys } from "./labels.ts";

/** Sends a security questionnaire to a vendor contact; shows the link once, as the email carries it. */
export function QuestionnaireModal({ vendorId, onClose }: { vendorId: string; onClose: () => void }) {
  const templates = useQuery({
    queryKey: vendorKeys.templates,
    queryFn: () => api.GET("/api/v1/vendors/questionnaire-templates"),
  });
  const [templateId, setTemplateId] = useState<string>("builtin");
  const [contactEmail, setContactEmail] = useState("");
  const [contactName, setContactName] = useState("");
  const [days, setDays] = useState<number | string>(14);
  const send = useMutation({
    mutationFn: () =>
      api.POST("/api/v1/vendors/{id}/questionnaires", {
        params: { path: { id: vendorId } },
        body: {
          templateId,
          contactEmail: contactEmail.trim(),
          contactName: contactName.trim() || null,
          expiresInDays: Number(days) || 14,
        },
        quiet: true,
      }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    send.mutate();
  };
  const sent = send.data;
  return (
    <Modal opened onClose={onClose} title="Send a security questionnaire" size="lg">
      {sent ? (
        <Stack>
          <Alert color="teal" variant="light" title="Sent">
            {sent.contactEmail} received an email with the link. It can be answered once, until{" "}
            {formatDateTime(sent.expiresAt)}, without an account.
          </Alert>
          <Text size="sm">
            If the email does not arrive, send the contact this link yourself. It is shown only now: Assay keeps a hash
            of it, not the link.
          </Text>
          <CopyField label="Answer link" value={sent.link} />
          <Group justify="flex-end">
            <Button onClick={onClose}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit}>
          <Stack>
            <ErrorAlert error={send.error} />
            <Select
              label="Questionnaire"
              data={(templates.data?.items ?? []).map((t) => ({
                value: t.id,
                label: `${t.name} (${t.questions.length} questions)`,
              }))}
              value={templateId}
              onChange={(v) => setTemplateId(v ?? "builtin")}
              allowDeselect={false}
            />
            <TextInput
              label="Contact email"
              type="email"
              required
              value={contactEmail}
              onChange={(e) => setContactEmail(e.currentTarget.value)}
              error={fieldError(send.error, "contactEmail")}
              data-autofocus
            />
            <TextInput
              label="Contact name"
              value={contactName}
              onChange={(e) => setContactName(e.currentTarget.value)}
            />
            <NumberInput label="Link valid for (days)" min={1} max={60} value={days} onChange={setDays} w={200} />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={send.isPending} disabled={!contactEmail.trim()}>
                Send
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
