import { EmptyState } from "@mantine/core";
import type { ReactNode } from "react";

export interface EmptyProps {
  icon: ReactNode;
  title: string;
  description?: ReactNode;
  action?: ReactNode;
}

/** A calm empty state for tables and lists: what is missing and what to do about it. */
export function Empty({ icon, title, description, action }: EmptyProps) {
  return (
    <EmptyState py="xl" size="sm" icon={icon} withIndicatorBackground title={title} description={description}>
      {action && <EmptyState.Actions>{action}</EmptyState.Actions>}
    </EmptyState>
  );
}
