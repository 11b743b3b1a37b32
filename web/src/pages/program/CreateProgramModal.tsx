import { Button, Checkbox, Group, Modal, SegmentedControl, Stack, Text, TextInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useNavigate } from "react-router";
import { api } from "../../api/client.ts";
import type { ReportType } from "../../api/models/program.ts";
import { ErrorAlert, fieldError } from "../../components/ErrorAlert.tsx";
import { notifySuccess } from "../../lib/notify.ts";
import { rememberProgram } from "../../program/context.tsx";
import { useSession } from "../../session.tsx";

const NAME_REQUIRED = "Give the program a name, e.g. “SOC 2 Type II 2027”.";
const nextYear = () => new Date().getFullYear() + 1;
export const defaultProgramName = (type: ReportType) =>
  `SOC 2 ${type === "type2" ? "Type II" : "Type I"} ${nextYear()}`;

/** Name, report type and whether to start from the control library; the scoping wizard does the rest. */
export function CreateProgramModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { organization } = useSession();
  const navigate = useNavigate();
  const [reportType, setReportType] = useState<ReportType>("type2");
  const [name, setName] = useState(defaultProgramName("type2"));
  const [adopt, setAdopt] = useState(true);
  // The name's error shows once the field was left or a submit was tried, like the setup page.
  const [touched, setTouched] = useState(false);
  const nameMissing = !name.trim() ? NAME_REQUIRED : undefined;
  const create = useMutation({
    mutationFn: () => api.POST("/api/v1/programs", { body: { name: name.trim(), reportType, adoptLibrary: adopt } }),
    onSuccess: (p) => {
      if (organization) rememberProgram(organization.id, p.id);
      notifySuccess(
        adopt ? `${p.controlCount} library controls adopted. Next: scope the audit.` : "Next: scope the audit.",
        `${p.name} created`,
      );
      onClose();
      navigate(`/programs/${p.id}`);
    },
  });
  const changeType = (t: ReportType) => {
    if (name === defaultProgramName(reportType)) setName(defaultProgramName(t));
    setReportType(t);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!nameMissing) create.mutate();
  };
  return (
    <Modal opened={opened} onClose={onClose} title="Create your SOC 2 program" size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            A program is one audit cycle: its scope, its controls, your readiness and the plan to close the gaps. You
            can change everything here later in the scoping wizard.
          </Text>
          <ErrorAlert error={create.error && !fieldError(create.error, "name") ? create.error : null} />
          <TextInput
            label="Program name"
            required
            data-autofocus
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            onBlur={() => setTouched(true)}
            error={(touched && nameMissing) || fieldError(create.error, "name")}
            maxLength={200}
          />
          <Stack gap={4}>
            <Text size="sm" fw={500} id="report-type-label">
              Report type
            </Text>
            <SegmentedControl
              aria-labelledby="report-type-label"
              value={reportType}
              onChange={(v) => changeType(v as ReportType)}
              data={[
                { value: "type2", label: "Type II — over a period" },
                { value: "type1", label: "Type I — at a point in time" },
              ]}
            />
            <Text size="xs" c="dimmed">
              Not sure? Most customers ask for Type II. The scoping wizard has a short helper.
            </Text>
          </Stack>
          <Checkbox
            checked={adopt}
            onChange={(e) => setAdopt(e.currentTarget.checked)}
            label="Start with the Assay control library (recommended)"
            description="Adopts the library controls relevant to your categories. You can mark any of them not applicable, or adopt them later."
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create program
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
