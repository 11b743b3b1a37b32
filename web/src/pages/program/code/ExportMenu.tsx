import { Button, Group, Menu, Modal, Stack, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import {
  IconChevronDown,
  IconDownload,
  IconFileCode,
  IconFileTypePdf,
  IconFileZip,
  IconListCheck,
  IconTable,
} from "@tabler/icons-react";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { apiUrl } from "../../../api/client.ts";
import { useRemediationSummary } from "../../../program/queries.ts";
import { useCan } from "../../../session.tsx";

/** A menu entry with a line of explanation under its label. */
function ItemText({ label, hint }: { label: string; hint: ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="sm">{label}</Text>
      <Text size="xs" c="dimmed">
        {hint}
      </Text>
    </Stack>
  );
}

/**
 * The dashboard's Export menu (programs.export): the program as code and the two OSCAL documents, as plain
 * download links. A POA&M needs at least one remediation item (the server answers 409 poam_empty otherwise), so
 * while the plan is empty that entry explains instead of downloading.
 */
export function ExportMenu({ programId }: { programId: string }) {
  const can = useCan();
  const summary = useRemediationSummary(programId, can("remediation.read"));
  const [explaining, { open, close }] = useDisclosure(false);
  const poamEmpty = summary.data?.total === 0;
  const at = { path: { programId } };
  const link = (href: string) => ({ component: "a" as const, href, download: true });

  return (
    <>
      <Menu position="bottom-end" width={340} shadow="md">
        <Menu.Target>
          <Button
            variant="default"
            leftSection={<IconDownload size={16} />}
            rightSection={<IconChevronDown size={14} />}
          >
            Export
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item {...link(apiUrl("/api/v1/programs/{programId}/code", at))} leftSection={<IconFileZip size={18} />}>
            <ItemText label="Program as code (.zip)" hint="YAML and Markdown to review in git and import back" />
          </Menu.Item>
          <Menu.Item
            {...link(apiUrl("/api/v1/programs/{programId}/readiness.csv", at))}
            leftSection={<IconTable size={18} />}
          >
            <ItemText
              label="Readiness (CSV)"
              hint="Each criterion and category, at the headline level and at every level of proof"
            />
          </Menu.Item>
          <Menu.Item
            {...link(apiUrl("/api/v1/programs/{programId}/readiness.pdf", at))}
            leftSection={<IconFileTypePdf size={18} />}
          >
            <ItemText label="Readiness report (PDF)" hint="The same, as a report to share; the headline level named" />
          </Menu.Item>
          <Menu.Item
            {...link(apiUrl("/api/v1/programs/{programId}/oscal/ssp.json", at))}
            leftSection={<IconFileCode size={18} />}
          >
            <ItemText
              label="OSCAL system security plan (JSON)"
              hint="The system and how the controls meet each criterion"
            />
          </Menu.Item>
          {poamEmpty ? (
            <Menu.Item onClick={open} leftSection={<IconListCheck size={18} />}>
              <ItemText
                label="OSCAL plan of action and milestones (JSON)"
                hint="Not available yet: the remediation plan is empty"
              />
            </Menu.Item>
          ) : (
            <Menu.Item
              {...link(apiUrl("/api/v1/programs/{programId}/oscal/poam.json", at))}
              leftSection={<IconListCheck size={18} />}
            >
              <ItemText
                label="OSCAL plan of action and milestones (JSON)"
                hint="The remediation plan; keep it next to the system security plan, which it names by file name"
              />
            </Menu.Item>
          )}
        </Menu.Dropdown>
      </Menu>
      <Modal opened={explaining} onClose={close} title="Nothing to put in a plan of action yet">
        <Stack>
          <Text size="sm">
            An OSCAL plan of action and milestones lists the remediation items that close your gaps, and it needs at
            least one. This program's remediation plan is empty.
          </Text>
          <Text size="sm">
            Items come from the self-assessment (answers of “Partly” or “No”) and from the gap list, or you can add them
            yourself. Export the plan of action again once there is one.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Close
            </Button>
            <Button component={Link} to={`/programs/${programId}/remediation`} onClick={close}>
              Open the remediation plan
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
