import { ActionIcon, Anchor, Button, Group, Stack, Text, Tooltip } from "@mantine/core";
import { IconLinkOff, IconPlus } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { api } from "../../../api/client.ts";
import type { Evidence } from "../../../api/models/evidence.ts";
import { ErrorAlert } from "../../../components/ErrorAlert.tsx";
import { ControlsMultiSelect } from "../../../components/program/Pickers.tsx";
import { SectionCard } from "../../../components/SectionCard.tsx";
import { notifyError, notifySuccess } from "../../../lib/notify.ts";
import { useCurrentProgramId } from "../../../program/context.tsx";
import { linkFreshness } from "../freshness.ts";
import { useEvidenceCan } from "../permissions.ts";
import { FreshnessBadge } from "./Badges.tsx";

/** The controls this evidence supports, with its freshness for each; linking and unlinking for those allowed. */
export function LinkedControlsCard({ e }: { e: Evidence }) {
  const { can } = useEvidenceCan();
  const { programId } = useCurrentProgramId();
  const [adding, setAdding] = useState<string[]>([]);
  const editable = can("evidence.link") && e.current;

  const link = useMutation({
    mutationFn: () =>
      api.POST("/api/v1/evidence/{id}/controls", {
        params: { path: { id: e.id } },
        body: { programId: programId ?? undefined, controls: adding },
      }),
    onSuccess: () => {
      notifySuccess(adding.length === 1 ? `Linked to ${adding[0]}.` : `Linked to ${adding.length} controls.`);
      setAdding([]);
    },
  });
  const unlink = useMutation({
    mutationFn: (c: { linkId: string; key: string }) =>
      api.DELETE("/api/v1/evidence/{id}/controls/{linkId}", { params: { path: { id: e.id, linkId: c.linkId } } }),
    onSuccess: (_, c) => notifySuccess(`No longer linked to ${c.key}. The link can be added again at any time.`),
    onError: (err) => notifyError(err, "The link was not removed"),
  });

  return (
    <SectionCard
      title="Controls it supports"
      description={
        e.current
          ? "Each control counts this evidence until it goes stale for that control's frequency."
          : "This version was corrected: its links moved to the newest version."
      }
    >
      <Stack gap="sm">
        {e.controls.length === 0 ? (
          <Text size="sm" c="dimmed">
            Not linked to any control yet, so it does not count towards any control's status.
          </Text>
        ) : (
          <Stack gap={6} component="ul" p={0} m={0} style={{ listStyle: "none" }} aria-label="Linked controls">
            {e.controls.map((c) => (
              <Group key={c.linkId} component="li" gap="sm" wrap="nowrap" justify="space-between">
                <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
                  <Anchor
                    component={Link}
                    to={`/programs/${c.programId}/controls/${c.key}`}
                    className="assay-mono"
                    fw={600}
                    size="sm"
                  >
                    {c.key}
                  </Anchor>
                  <Text size="sm" truncate="end" title={c.name}>
                    {c.name}
                  </Text>
                </Group>
                <Group gap={6} wrap="nowrap">
                  {e.current && <FreshnessBadge state={linkFreshness(c)} staleAt={c.staleAt} />}
                  {editable && (
                    <Tooltip label={`Unlink ${c.key}`}>
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        aria-label={`Unlink ${c.key}`}
                        loading={unlink.isPending && unlink.variables?.linkId === c.linkId}
                        onClick={() => unlink.mutate(c)}
                      >
                        <IconLinkOff size={16} />
                      </ActionIcon>
                    </Tooltip>
                  )}
                </Group>
              </Group>
            ))}
          </Stack>
        )}
        {editable && programId && (
          <form
            onSubmit={(ev) => {
              ev.preventDefault();
              if (adding.length) link.mutate();
            }}
          >
            <Group gap="xs" align="flex-end" wrap="nowrap">
              <ControlsMultiSelect
                programId={programId}
                aria-label="Controls to link"
                placeholder={adding.length ? undefined : "Link to more controls"}
                value={adding}
                onChange={setAdding}
                style={{ flex: 1 }}
                disabled={link.isPending}
              />
              <Button
                type="submit"
                variant="default"
                leftSection={<IconPlus size={14} />}
                disabled={!adding.length}
                loading={link.isPending}
              >
                Link
              </Button>
            </Group>
          </form>
        )}
        <ErrorAlert error={link.error} />
      </Stack>
    </SectionCard>
  );
}
