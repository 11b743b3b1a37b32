import { Group, Pagination, Text } from "@mantine/core";

/** "21–40 of 312" plus page buttons; hidden when everything fits on one page. */
export function TablePager({
  page,
  pageSize,
  total,
  onChange,
  noun = ["item", "items"],
}: {
  page: number;
  pageSize: number;
  total: number;
  onChange: (page: number) => void;
  /** Singular and plural. */
  noun?: [string, string];
}) {
  const word = (n: number) => (n === 1 ? noun[0] : noun[1]);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  return (
    <Group justify="space-between" mt="md" gap="sm">
      <Text size="sm" c="dimmed" aria-live="polite">
        {total === 0
          ? `No ${noun[1]}`
          : pages === 1
            ? `${total.toLocaleString()} ${word(total)}`
            : `${first}–${last} of ${total.toLocaleString()} ${word(total)}`}
      </Text>
      {pages > 1 && (
        <Pagination
          total={pages}
          value={page}
          onChange={onChange}
          size="sm"
          withEdges={pages > 5}
          getControlProps={(c) => ({ "aria-label": `${c} page` })}
          getItemProps={(p) => ({ "aria-label": `Page ${p}` })}
        />
      )}
    </Group>
  );
}
