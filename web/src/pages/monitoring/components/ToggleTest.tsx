import { Button, Group, Modal, Stack, Switch, Text } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../../api/client.ts";
import type { TestSummary } from "../../../api/models/monitoring.ts";
import { notifyError, notifySuccess } from "../../../lib/notify.ts";
import { useMonitoringCan } from "../permissions.ts";

/**
 * The on/off switch of a test. Turning one on evaluates it at once; turning it off ends its open results (a gap in
 * the history an auditor will ask about), so that asks first.
 */
export function ToggleTest({
  test,
  withLabel = false,
}: {
  test: Pick<TestSummary, "id" | "title" | "enabled">;
  withLabel?: boolean;
}) {
  const can = useMonitoringCan();
  const [confirming, setConfirming] = useState(false);
  const set = useMutation({
    mutationFn: (enabled: boolean) =>
      api.POST("/api/v1/monitoring/tests/{testId}/enabled", {
        params: { path: { testId: test.id } },
        body: { enabled },
      }),
    onSuccess: (_r, enabled) => {
      setConfirming(false);
      notifySuccess(
        enabled ? `${test.title} is on and was evaluated on the current resources.` : `${test.title} is off.`,
      );
    },
    onError: (e) => notifyError(e),
  });
  return (
    <>
      <Switch
        checked={test.enabled}
        disabled={!can("monitoring.manage_tests") || set.isPending}
        label={withLabel ? (test.enabled ? "On" : "Off") : undefined}
        aria-label={`${test.title}: ${test.enabled ? "on" : "off"}`}
        onChange={(e) => (e.currentTarget.checked ? set.mutate(true) : setConfirming(true))}
      />
      <Modal opened={confirming} onClose={() => setConfirming(false)} title="Turn the test off?">
        <Stack>
          <Text size="sm">
            “{test.title}” stops being evaluated and its current results end now. The history shows the gap, and the
            controls it supports lose this signal until it is turned on again.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)} data-autofocus>
              Cancel
            </Button>
            <Button color="red" loading={set.isPending} onClick={() => set.mutate(false)}>
              Turn off
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
