import { Anchor, Box, Center, Group, Paper, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { ColorSchemeToggle } from "./ColorSchemeToggle.tsx";
import { Logo } from "./Logo.tsx";

/** The centered card used by setup, sign-in, password reset, invitations and MFA setup. */
export function AuthLayout({
  title,
  subtitle,
  children,
  footer,
  width = 440,
}: {
  title: string;
  subtitle?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
  width?: number;
}) {
  return (
    <Box className="assay-auth-bg">
      <Group component="header" justify="space-between" p="md">
        <Anchor component={Link} to="/" underline="never" c="inherit" aria-label="Assay home">
          <Logo />
        </Anchor>
        <ColorSchemeToggle />
      </Group>
      <Center px="md" pb="xl" pt={{ base: "md", sm: 48 }}>
        <Stack w="100%" maw={width} gap="lg">
          <Paper withBorder shadow="sm" p={{ base: "lg", sm: "xl" }} component="main">
            <Stack gap={6} mb="lg">
              <Title order={1} fz={24}>
                {title}
              </Title>
              {subtitle && (
                <Text c="dimmed" size="sm">
                  {subtitle}
                </Text>
              )}
            </Stack>
            {children}
          </Paper>
          {footer && (
            <Text component="footer" ta="center" size="sm" c="dimmed">
              {footer}
            </Text>
          )}
        </Stack>
      </Center>
    </Box>
  );
}
