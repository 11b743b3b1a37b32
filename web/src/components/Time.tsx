import { Text, Tooltip } from "@mantine/core";
import dayjs from "dayjs";
import relativeTime from "dayjs/plugin/relativeTime";

dayjs.extend(relativeTime);

export const formatDateTime = (iso: string) => dayjs(iso).format("D MMM YYYY, HH:mm");

/** "3 minutes ago" with the exact time on hover; "—" when there is no time. */
export function RelativeTime({
  value,
  empty = "—",
  size = "sm",
}: {
  value: string | null | undefined;
  empty?: string;
  size?: "xs" | "sm";
}) {
  if (!value)
    return (
      <Text span c="dimmed" size={size}>
        {empty}
      </Text>
    );
  return (
    <Tooltip label={dayjs(value).format("D MMM YYYY, HH:mm:ss Z")}>
      <Text span size={size} component="time" dateTime={value}>
        {dayjs(value).fromNow()}
      </Text>
    </Tooltip>
  );
}
