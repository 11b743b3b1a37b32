import { Select, Stack, TextInput } from "@mantine/core";
import { useState } from "react";
import { MANUAL_STATUSES } from "../../../src/core/control-status.ts";
import { api } from "../api/client.ts";
import type { BodyOf } from "../api/types.ts";
import { CONTROL_STATUS, FREQUENCY_LABELS } from "../program/labels.ts";
import { useCan } from "../session.tsx";
import { BulkEditModal } from "./BulkEdit.tsx";
import { MemberSelect } from "./program/Pickers.tsx";

type Body = BodyOf<"/api/v1/programs/{programId}/controls/bulk", "post">;
const NOBODY = "__nobody__";

/**
 * Bulk edit of the selected controls: owner and frequency (for people who edit any control) and status (also for
 * control owners, on the controls they own; the preview lists the others as refused).
 */
export function BulkEditControls({
  programId,
  keys,
  opened,
  onClose,
  onApplied,
}: {
  programId: string;
  keys: readonly string[];
  opened: boolean;
  onClose: () => void;
  onApplied: () => void;
}) {
  const can = useCan();
  const editsAll = can("controls.edit");
  const [owner, setOwner] = useState<string | null>(null);
  const [frequency, setFrequency] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [reason, setReason] = useState("");
  const request = (): Body | null => {
    const changes: Body["changes"] = {};
    if (owner) changes.ownerUserId = owner === NOBODY ? null : owner;
    if (frequency) changes.frequency = frequency as NonNullable<Body["changes"]["frequency"]>;
    if (status) {
      changes.status = status as NonNullable<Body["changes"]["status"]>;
      if (reason.trim()) changes.statusReason = reason.trim();
    }
    return Object.keys(changes).length ? { keys: [...keys], changes } : null;
  };
  const path = { params: { path: { programId } } };
  return (
    <BulkEditModal
      opened={opened}
      onClose={onClose}
      title="Edit selected controls"
      count={keys.length}
      noun={["control", "controls"]}
      request={request}
      missing="Choose a new owner, frequency or status first."
      preview={(body) => api.POST("/api/v1/programs/{programId}/controls/bulk/preview", { ...path, body })}
      apply={(body) => api.POST("/api/v1/programs/{programId}/controls/bulk", { ...path, body })}
      onApplied={onApplied}
      fields={
        <Stack gap="sm">
          {editsAll && (
            <>
              <MemberSelect
                label="Owner"
                placeholder="Keep each control's owner"
                extra={[{ value: NOBODY, label: "Nobody (unassign)" }]}
                value={owner}
                onChange={setOwner}
              />
              <Select
                label="Frequency"
                placeholder="Keep each control's frequency"
                data={Object.entries(FREQUENCY_LABELS).map(([value, label]) => ({ value, label }))}
                value={frequency}
                onChange={setFrequency}
                clearable
              />
            </>
          )}
          <Select
            label="Status"
            placeholder="Keep each control's status"
            description={editsAll ? undefined : "You can change the status of the controls you own."}
            data={MANUAL_STATUSES.map((s) => ({ value: s, label: CONTROL_STATUS[s].label }))}
            value={status}
            onChange={setStatus}
            clearable
          />
          {status && (
            <TextInput
              label="Reason for the status"
              placeholder="e.g. Rolled out to every team"
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              maxLength={2000}
            />
          )}
        </Stack>
      }
    />
  );
}
