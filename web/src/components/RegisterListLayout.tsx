import { Group, Stack } from "@mantine/core";
import type { ReactNode } from "react";
import { useLocation } from "react-router";
import type { UrlFilters } from "../lib/use-url-filters.ts";
import { ClearFilters, SearchInput } from "./DataTable.tsx";
import { DownloadButtons } from "./DownloadButtons.tsx";
import { PageHeader } from "./PageHeader.tsx";
import { SavedViews } from "./SavedViews.tsx";

/**
 * The page of a register's list (risks, vendors, assets, incidents, changes, vulnerabilities, continuity tests): the
 * header with the saved views, the page's own links, the CSV download and its actions (import, add); what stands
 * above the list (a heat map, a dashboard); the list (a `DataTable` whose toolbar is a `RegisterToolbar`); then the
 * page's dialogs (`children`).
 */
export function RegisterListLayout({
  title,
  description,
  views,
  links,
  download,
  actions,
  above,
  table,
  children,
}: {
  title: string;
  description: ReactNode;
  /** The saved views' scope (`SavedViews`), first in the header. */
  views: string;
  /** Buttons between the saved views and the download. */
  links?: ReactNode;
  /** The list's CSV, with the page's filters, and what it holds for screen readers ("risks"). */
  download?: { href: string; label: string };
  /** Buttons after the download: import, add. */
  actions?: ReactNode;
  /** What stands between the header and the list. */
  above?: ReactNode;
  table: ReactNode;
  children?: ReactNode;
}) {
  const { search } = useLocation();
  return (
    <>
      <PageHeader
        title={title}
        description={description}
        actions={
          <>
            <SavedViews scope={views} />
            {links}
            {download && <DownloadButtons hrefFor={() => download.href} search={search} label={download.label} />}
            {actions}
          </>
        }
      />
      {above ? (
        <Stack gap="lg">
          {above}
          {table}
        </Stack>
      ) : (
        table
      )}
      {children}
    </>
  );
}

/** A register list's toolbar: the search box, the page's filters (`children`), "Clear filters", then `end`. */
export function RegisterToolbar<K extends string>({
  filters,
  search,
  align,
  end,
  children,
}: {
  filters: UrlFilters<K>;
  /** The search box's accessible name, placeholder and width. */
  search: { label: string; placeholder: string; w: number };
  align?: "flex-end";
  end?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <Group gap="sm" wrap="wrap" align={align}>
      <SearchInput filters={filters} aria-label={search.label} placeholder={search.placeholder} w={search.w} />
      {children}
      <ClearFilters filters={filters} />
      {end}
    </Group>
  );
}
