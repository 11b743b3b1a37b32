import { Alert, Stack, Text } from "@mantine/core";
import { IconInfoCircle } from "@tabler/icons-react";
import type { ControlStatus } from "../../../api/models/program.ts";
import { CONTROL_STATUS } from "../../../program/labels.ts";

/** A control saved as Operating that the status rule shows otherwise: why, and what would make it Operating. */
export interface OperatingGap {
  key: string;
  shown: ControlStatus;
  reason: string;
  toOperate: string | null;
}

export function OperatingGapNotice({ gap, onClose }: { gap: OperatingGap; onClose: () => void }) {
  return (
    <Alert
      color="yellow"
      variant="light"
      icon={<IconInfoCircle size={18} />}
      title={`Saved as Operating, shown as ${CONTROL_STATUS[gap.shown].label}`}
      withCloseButton
      closeButtonLabel="Dismiss"
      onClose={onClose}
      data-testid="operating-gap"
    >
      <Stack gap={4}>
        <Text size="sm">{gap.reason}</Text>
        {gap.toOperate && (
          <Text size="sm" fw={500}>
            {gap.toOperate}
          </Text>
        )}
      </Stack>
    </Alert>
  );
}
