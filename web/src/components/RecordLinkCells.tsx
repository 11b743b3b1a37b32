import { Anchor, Stack, Table, Text } from "@mantine/core";
import { Link } from "react-router";

/** The first two cells of a record row: its short reference and its title over a one-line summary, both linking to it. */
export function RecordLinkCells({
  to,
  code,
  title,
  summary,
}: {
  to: string;
  code: string;
  title: string;
  summary: string;
}) {
  return (
    <>
      <Table.Td>
        <Anchor component={Link} to={to} className="assay-mono" fw={600} size="sm">
          {code}
        </Anchor>
      </Table.Td>
      <Table.Td>
        <Stack gap={2}>
          <Anchor component={Link} to={to} c="inherit" size="sm" fw={500}>
            {title}
          </Anchor>
          <Text size="xs" c="dimmed" lineClamp={1}>
            {summary}
          </Text>
        </Stack>
      </Table.Td>
    </>
  );
}
