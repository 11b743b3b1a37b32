import { Button, Group, Modal, NumberInput, Skeleton, Stack, Text } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { MAX_EMERGENCY_APPROVAL_DAYS, MIN_EMERGENCY_APPROVAL_DAYS } from "../../../../src/core/changes.ts";
import { api } from "../../api/client.ts";
import { ErrorAlert, fieldError } from "../../components/ErrorAlert.tsx";
import { notifySuccess } from "../../lib/notify.ts";
import { changeKeys } from "./labels.tsx";

/** The organization's window for approving an emergency change after the fact. */
export function useChangeSettings() {
  return useQuery({ queryKey: changeKeys.settings, queryFn: () => api.GET("/api/v1/changes/settings") });
}

function SettingsForm({ current, onClose }: { current: number; onClose: () => void }) {
  const [days, setDays] = useState<number | "">(current);
  const save = useMutation({
    mutationFn: () =>
      api.PUT("/api/v1/changes/settings", { body: { emergencyApprovalDays: days === "" ? Number.NaN : days } }),
    onSuccess: () => {
      notifySuccess("Emergency changes are judged by the new window from now on.", "Settings saved");
      onClose();
    },
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <Stack>
        <Text size="sm" c="dimmed">
          An emergency change skips the usual review; someone other than its author approves it after the fact. Set how
          many days after it lands that approval may take ({MIN_EMERGENCY_APPROVAL_DAYS} to{" "}
          {MAX_EMERGENCY_APPROVAL_DAYS}). Changes still waiting past it are flagged, later approvals count as late, and
          CHG-06 is judged by it.
        </Text>
        <NumberInput
          label="Days to approve an emergency change after the fact"
          suffix=" days"
          min={MIN_EMERGENCY_APPROVAL_DAYS}
          max={MAX_EMERGENCY_APPROVAL_DAYS}
          allowDecimal={false}
          required
          value={days}
          onChange={(v) => setDays(typeof v === "number" ? v : "")}
          error={fieldError(save.error, "emergencyApprovalDays")}
        />
        <ErrorAlert error={save.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            Save settings
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The change-register settings: the after-the-fact approval window for emergency changes. */
export function ChangeSettingsModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const settings = useChangeSettings();
  return (
    <Modal opened={opened} onClose={onClose} title="Change settings">
      {settings.data ? (
        <SettingsForm
          key={settings.data.emergencyApprovalDays}
          current={settings.data.emergencyApprovalDays}
          onClose={onClose}
        />
      ) : (
        <>
          <ErrorAlert error={settings.error} />
          {!settings.error && <Skeleton h={120} />}
        </>
      )}
    </Modal>
  );
}
