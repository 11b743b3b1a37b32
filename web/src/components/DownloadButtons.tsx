import { Button, Group } from "@mantine/core";
import { IconDownload } from "@tabler/icons-react";

/**
 * Download links for a list or a report: one button per format, each an ordinary link (the browser downloads it
 * with the session cookie). `search` carries the page's filters, so the file holds what the list shows.
 */
export function DownloadButtons({
  hrefFor,
  formats = ["csv"],
  search = "",
  label,
}: {
  /** The address of each format, e.g. (f) => `/api/v1/risks/export.${f}`. */
  hrefFor: (format: "csv" | "pdf") => string;
  formats?: readonly ("csv" | "pdf")[];
  /** The list's filters (`location.search`); the page number is left out. */
  search?: string;
  /** What is downloaded, for screen readers: "risks". */
  label?: string;
}) {
  const params = new URLSearchParams(search);
  params.delete("page");
  params.delete("pageSize");
  const query = params.toString();
  return (
    <Group gap="xs">
      {formats.map((f) => (
        <Button
          key={f}
          component="a"
          href={`${hrefFor(f)}${query ? `?${query}` : ""}`}
          download
          variant="default"
          leftSection={<IconDownload size={16} />}
          aria-label={label ? `Download ${label} as ${f.toUpperCase()}` : undefined}
        >
          {f.toUpperCase()}
        </Button>
      ))}
    </Group>
  );
}
