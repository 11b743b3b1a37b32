import {
  Anchor,
  Button,
  type ButtonProps,
  Card,
  Select,
  type SelectProps,
  Skeleton,
  Stack,
  Table,
  type TableProps,
  type TableTrProps,
  Text,
  TextInput,
  type TextInputProps,
} from "@mantine/core";
import { IconFilterOff, IconSearch } from "@tabler/icons-react";
import { Fragment, type MouseEvent, type ReactNode } from "react";
import { Link, type To, useNavigate } from "react-router";
import type { UrlFilters } from "../lib/use-url-filters.ts";
import { Empty, type EmptyProps } from "./Empty.tsx";
import { ErrorAlert } from "./ErrorAlert.tsx";
import { TablePager } from "./TablePager.tsx";

export interface Column<T> {
  /** The column's heading (and its key). */
  header: string;
  /** The heading is read by screen readers only (e.g. a column of row actions). */
  hideHeader?: boolean;
  width?: number | string;
  align?: "left" | "center" | "right";
  /** What the row shows in this column. */
  cell: (row: T) => ReactNode;
}

type RowProps = TableTrProps & { "data-testid"?: string };

/** Server-side paging: `useUrlFilters` (and so `useListQuery().filters`) is one. */
export interface Paging {
  page: number;
  pageSize: number;
  setPage: (page: number) => void;
}

export interface DataTableProps<T> {
  /** The table's accessible name. */
  label: string;
  /** Columns in order; `false` (and null) leave one out, e.g. `canRemove && { … }`. */
  columns: readonly (Column<T> | false | null | undefined)[];
  rowKey: (row: T) => string | number;
  /** A query's state (`useQuery`, `useListQuery().list`): loading, failure, and the rows of one page… */
  query?: { data?: { items: readonly T[]; total?: number }; isPending: boolean; error: unknown };
  /** …or rows already at hand (with `loading` while they are not). */
  rows?: readonly T[];
  loading?: boolean;
  /** Another failure to report above the rows. */
  error?: unknown;
  /** Filters and search above the table. */
  toolbar?: ReactNode;
  /** What to show when there are no rows. */
  empty?: EmptyProps;
  /** Page buttons under the table, with the count of `noun`s. */
  paging?: Paging;
  noun?: [string, string];
  /** Only show the pager when there is more than one page (otherwise the count shows too). */
  pagerOnlyWhenPaged?: boolean;
  /** Under the table (and the pager). */
  footer?: ReactNode;
  /** Shows the rows some other way than the table (e.g. a board). */
  render?: (rows: readonly T[]) => ReactNode;
  rowProps?: (row: T) => RowProps;
  /** The whole row opens this address when clicked (its links and buttons still do their own thing). */
  rowLink?: (row: T) => To;
  /** Rows under the row, e.g. its expanded details. */
  rowDetail?: (row: T) => ReactNode;
  /** Below this width the table scrolls sideways. */
  minWidth?: number;
  tableProps?: TableProps;
  /** In a bordered card of its own (the default), or bare inside something else. */
  framed?: boolean;
}

const INTERACTIVE = "a, button, input, label, [role=button], [role=switch]";

/**
 * A list page's table with everything around it: filters above, a loading skeleton, the error, the empty state,
 * the rows, and the pager. Rows come from a query (`useListQuery`) or are handed over as they are.
 */
export function DataTable<T>(props: DataTableProps<T>) {
  const { query, toolbar, paging } = props;
  const items = query ? query.data?.items : props.rows;
  const pending = query ? query.isPending : !!props.loading;
  const error = query?.error || props.error;
  const total = query?.data?.total ?? items?.length ?? 0;
  const showPager = paging && !pending && total > 0 && (!props.pagerOnlyWhenPaged || total > paging.pageSize);

  const content = (
    <>
      {toolbar && (
        <Stack p="md" gap="sm">
          {toolbar}
        </Stack>
      )}
      {!!error && (
        <Stack px="md" pb="md" pt={toolbar ? 0 : "md"}>
          <ErrorAlert error={error} />
        </Stack>
      )}
      {pending ? (
        <LoadingRows />
      ) : !items ? null : items.length === 0 && props.empty ? (
        <Empty {...props.empty} />
      ) : props.render ? (
        props.render(items)
      ) : (
        <TableOf {...props} items={items} />
      )}
      {showPager && (
        <Stack px="md" pb="md">
          <TablePager
            page={paging.page}
            pageSize={paging.pageSize}
            total={total}
            onChange={paging.setPage}
            noun={props.noun}
          />
        </Stack>
      )}
      {props.footer}
    </>
  );
  return props.framed === false ? (
    content
  ) : (
    <Card withBorder padding={0}>
      {content}
    </Card>
  );
}

function LoadingRows() {
  return (
    <Stack p="md" gap="sm" role="status" aria-busy>
      <span className="sr-only">Loading…</span>
      {[0, 1, 2].map((i) => (
        <Skeleton key={i} h={44} />
      ))}
    </Stack>
  );
}

function TableOf<T>({
  label,
  columns,
  rowKey,
  rowProps,
  rowLink,
  rowDetail,
  minWidth,
  tableProps,
  items,
}: DataTableProps<T> & { items: readonly T[] }) {
  const navigate = useNavigate();
  const shown = columns.filter((c): c is Column<T> => !!c);
  const rowOf = (row: T): RowProps => {
    const own = rowProps?.(row) ?? {};
    const to = rowLink?.(row);
    if (!to) return own;
    return {
      ...own,
      style: own.style ?? { cursor: "pointer" },
      onClick: (e: MouseEvent<HTMLTableRowElement>) => {
        own.onClick?.(e);
        if (!(e.target as HTMLElement).closest(INTERACTIVE)) navigate(to);
      },
    };
  };
  return (
    <Table.ScrollContainer minWidth={minWidth ?? 720}>
      <Table horizontalSpacing="md" verticalSpacing="sm" highlightOnHover aria-label={label} {...tableProps}>
        <Table.Thead>
          <Table.Tr>
            {shown.map((c) => (
              <Table.Th key={c.header} w={c.width} ta={c.align}>
                {c.hideHeader ? <span className="sr-only">{c.header}</span> : c.header}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((row) => (
            <Fragment key={rowKey(row)}>
              <Table.Tr {...rowOf(row)}>
                {shown.map((c) => (
                  <Table.Td key={c.header} ta={c.align}>
                    {c.cell(row)}
                  </Table.Td>
                ))}
              </Table.Tr>
              {rowDetail?.(row)}
            </Fragment>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** A record's title linking to it, over a dimmed line (a string, or any node). */
export function TitleLink({
  to,
  children,
  below,
  lineClamp,
}: {
  to: To;
  children: ReactNode;
  below?: ReactNode;
  lineClamp?: number;
}) {
  return (
    <Stack gap={2} style={{ minWidth: 0 }}>
      <Anchor component={Link} to={to} c="inherit" size="sm" fw={500} lineClamp={lineClamp}>
        {children}
      </Anchor>
      {typeof below === "string" ? (
        <Text size="xs" c="dimmed" lineClamp={1}>
          {below}
        </Text>
      ) : (
        below
      )}
    </Stack>
  );
}

/** The first two columns of a record list: its short reference and its title over a one-line summary, both links. */
export function recordColumns<T>(options: {
  code: string;
  codeWidth: number;
  title: string;
  record: (row: T) => { to: To; code: string; title: string; summary: string };
}): Column<T>[] {
  return [
    {
      header: options.code,
      width: options.codeWidth,
      cell: (row) => {
        const r = options.record(row);
        return (
          <Anchor component={Link} to={r.to} className="assay-mono" fw={600} size="sm">
            {r.code}
          </Anchor>
        );
      },
    },
    {
      header: options.title,
      cell: (row) => {
        const r = options.record(row);
        return (
          <TitleLink to={r.to} below={r.summary}>
            {r.title}
          </TitleLink>
        );
      },
    },
  ];
}

/** A list's search box: what is typed reaches the URL's filter once the typing stops (`useUrlFilters`' `search`). */
export function SearchInput<K extends string>({
  filters,
  ...props
}: { filters: UrlFilters<K> } & Omit<TextInputProps, "value" | "onChange">) {
  return (
    <TextInput
      leftSection={<IconSearch size={16} />}
      {...props}
      value={filters.search.value}
      onChange={(e) => filters.search.onChange(e.currentTarget.value)}
    />
  );
}

/** A select bound to one of the list's URL filters (clearable: no value means no filter). */
export function FilterSelect<K extends string>({
  filters,
  name,
  ...props
}: { filters: UrlFilters<K>; name: K } & Omit<SelectProps, "value" | "onChange">) {
  return (
    <Select
      clearable
      {...props}
      value={filters.values[name] ?? null}
      onChange={(v) => filters.set({ [name]: v } as Parameters<typeof filters.set>[0])}
    />
  );
}

/** Clears every filter of the list (and its search box); shown only while one is set. */
export function ClearFilters<K extends string>({
  filters,
  children = "Clear filters",
  ...props
}: { filters: UrlFilters<K>; children?: ReactNode } & ButtonProps) {
  if (!filters.any) return null;
  return (
    <Button variant="subtle" size="xs" leftSection={<IconFilterOff size={14} />} onClick={filters.clear} {...props}>
      {children}
    </Button>
  );
}

/**
 * A list's empty state: with filters set, "No <noun> matches" and how to widen the search; without, what the list is
 * for and how to fill it (`empty`).
 */
export function listEmpty<K extends string>(
  filters: Pick<UrlFilters<K>, "any">,
  noun: string,
  empty: EmptyProps,
): EmptyProps {
  return filters.any
    ? { icon: empty.icon, title: `No ${noun} matches`, description: "Try another search or clear the filters." }
    : empty;
}
