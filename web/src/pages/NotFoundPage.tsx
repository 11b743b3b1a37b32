import { Button, EmptyState } from "@mantine/core";
import { IconMapSearch } from "@tabler/icons-react";
import { Link } from "react-router";

export function NotFoundPage() {
  return (
    <EmptyState
      mt={80}
      icon={<IconMapSearch size={28} />}
      variant="light"
      title="Page not found"
      description="This address does not match any page in Assay. It may have moved, or the link is mistyped."
    >
      <EmptyState.Actions>
        <Button component={Link} to="/">
          Go home
        </Button>
      </EmptyState.Actions>
    </EmptyState>
  );
}
