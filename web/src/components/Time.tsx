import { Text, Tooltip } from "@mantine/core";
import dayjs from "dayjs";
import relativeTime from "dayjs/plugin/relativeTime";

dayjs.extend(relativeTime);

/**
 * Some moments are known only to the day (training completed on a date an external provider gave): the server sends
 * them as a plain date or as UTC midnight. Those show their day, read in UTC so no time zone moves it; the rest show
 * the local time too.
 */
const DAY_ONLY = /^(\d{4}-\d{2}-\d{2})(T00:00:00(\.000)?Z)?$/;

/** "5 Jan 2026" for a moment or a plain date, without time-zone drift for day-only values. */
export const formatDay = (iso: string) => dayjs(DAY_ONLY.exec(iso)?.[1] ?? iso).format("D MMM YYYY");

/** "5 Jan 2026, 14:03" — or just the day for day-only values. */
export const formatDateTime = (iso: string) =>
  DAY_ONLY.test(iso) ? formatDay(iso) : dayjs(iso).format("D MMM YYYY, HH:mm");

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
