import { Button, Group, Modal, NumberInput, SimpleGrid, Stack, Text } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api/client.ts";
import type { VulnerabilityDashboard } from "../../api/models/vulnerabilities.ts";
import { ErrorAlert, fieldError } from "../../components/ErrorAlert.tsx";
import { notifySuccess } from "../../lib/notify.ts";
import { SEVERITIES, SEVERITY_LABELS } from "./labels.ts";

type SlaDays = VulnerabilityDashboard["slaDays"];

/** The organization's remediation SLAs: days a finding of each severity may stay open (empty: no deadline). */
export function SlaSettingsModal({
  opened,
  onClose,
  current,
}: {
  opened: boolean;
  onClose: () => void;
  current: SlaDays;
}) {
  const [days, setDays] = useState<SlaDays>(current);
  const save = useMutation({
    mutationFn: () => api.PUT("/api/v1/vulnerabilities/settings", { body: days }),
    onSuccess: () => {
      notifySuccess("Open findings' fix-by dates follow the new SLAs.", "SLAs saved");
      onClose();
    },
  });
  return (
    <Modal opened={opened} onClose={onClose} title="Remediation SLAs" size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Stack>
          <Text size="sm" c="dimmed">
            How many days a finding of each severity may stay open, counted from when it was first seen (or reopened).
            Leave a severity empty for no deadline. Saving moves the fix-by date of every open finding; resolved ones
            keep the dates they were judged by.
          </Text>
          <SimpleGrid cols={{ base: 2, sm: 3 }}>
            {SEVERITIES.map((s) => (
              <NumberInput
                key={s}
                label={SEVERITY_LABELS[s]}
                suffix=" days"
                min={1}
                max={730}
                allowDecimal={false}
                placeholder="No deadline"
                value={days[s] ?? ""}
                onChange={(v) => setDays({ ...days, [s]: typeof v === "number" ? v : null })}
                error={fieldError(save.error, s)}
              />
            ))}
          </SimpleGrid>
          <ErrorAlert error={save.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Save SLAs
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
