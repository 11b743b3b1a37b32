import { Select, Stack, Textarea } from "@mantine/core";
import { DatePickerInput } from "@mantine/dates";
import dayjs from "dayjs";
import { useState } from "react";
import { api } from "../api/client.ts";
import type { BodyOf } from "../api/types.ts";
import { useCan } from "../session.tsx";
import { BulkEditModal } from "./BulkEdit.tsx";
import { MemberSelect } from "./program/Pickers.tsx";

type Body = BodyOf<"/api/v1/programs/{programId}/remediation/bulk", "post">;
const NOBODY = "__nobody__";
/** Roles that may own remediation items (the server says so too). */
const ITEM_OWNER_ROLES = ["owner", "admin", "compliance_manager", "control_owner"] as const;

/**
 * Bulk edit of the selected remediation items: owner and due date (people who manage the plan) and status (also
 * item owners, on their own items). Moves the transition rules refuse (e.g. marking an open item done) are listed
 * as refused in the preview.
 */
export function BulkEditRemediation({
  programId,
  ids,
  opened,
  onClose,
  onApplied,
}: {
  programId: string;
  ids: readonly string[];
  opened: boolean;
  onClose: () => void;
  onApplied: () => void;
}) {
  const can = useCan();
  const manages = can("remediation.manage");
  const [owner, setOwner] = useState<string | null>(null);
  const [due, setDue] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [note, setNote] = useState("");
  const request = (): Body | null => {
    const changes: Body["changes"] = {};
    if (owner) changes.ownerUserId = owner === NOBODY ? null : owner;
    if (due) changes.dueDate = due;
    if (status) {
      changes.status = status as NonNullable<Body["changes"]["status"]>;
      if (note.trim()) changes.note = note.trim();
    }
    return Object.keys(changes).length ? { ids: [...ids], changes } : null;
  };
  const path = { params: { path: { programId } } };
  return (
    <BulkEditModal
      opened={opened}
      onClose={onClose}
      title="Edit selected items"
      count={ids.length}
      noun={["item", "items"]}
      request={request}
      missing="Choose a new owner, due date or status first."
      preview={(body) => api.POST("/api/v1/programs/{programId}/remediation/bulk/preview", { ...path, body })}
      apply={(body) => api.POST("/api/v1/programs/{programId}/remediation/bulk", { ...path, body })}
      onApplied={onApplied}
      fields={
        <Stack gap="sm">
          {manages && (
            <>
              <MemberSelect
                label="Owner"
                placeholder="Keep each item's owner"
                roles={ITEM_OWNER_ROLES}
                extra={[{ value: NOBODY, label: "Nobody (unassign)" }]}
                value={owner}
                onChange={setOwner}
              />
              <DatePickerInput
                label="Due date"
                placeholder="Keep each item's due date"
                value={due}
                onChange={setDue}
                minDate={dayjs().format("YYYY-MM-DD")}
                valueFormat="D MMM YYYY"
                clearable
              />
            </>
          )}
          <Select
            label="Status"
            placeholder="Keep each item's status"
            description="Items move only where a single change could: start open items, mark started ones done, reopen done ones with a note."
            data={[
              { value: "in_progress", label: "In progress (start or reopen)" },
              { value: "done", label: "Done" },
            ]}
            value={status}
            onChange={setStatus}
            clearable
          />
          {status && (
            <Textarea
              label={status === "done" ? "What was done" : "Note (required to reopen done items)"}
              autosize
              minRows={2}
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
              maxLength={4000}
            />
          )}
        </Stack>
      }
    />
  );
}
