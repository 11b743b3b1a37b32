/** Shapes of the built-in content API (src/modules/content): criteria, control library, framework crosswalks. */
import type { CategoryId, Frequency, NatureMode, NatureType, OwnerRole } from "./types.ts";

export interface TscCategory {
  id: CategoryId;
  name: string;
  description: string;
  required: boolean;
}

export interface TscSeries {
  id: string;
  category: CategoryId;
  name: string;
}

export interface Criterion {
  id: string;
  category: CategoryId;
  series: string;
  title: string;
  summary: string;
  evidence: string[];
}

export interface CriteriaContent {
  categories: TscCategory[];
  series: TscSeries[];
  criteria: Criterion[];
}

export interface LibraryControl {
  id: string;
  domain: string;
  name: string;
  description: string;
  ownerRole: OwnerRole;
  frequency: Frequency;
  nature: { type: NatureType; mode: NatureMode };
  evidence: string[];
  guidance: string;
  policies: string[];
  criteria: string[];
}

export interface ControlDomain {
  domain: string;
  name: string;
  description: string;
  order: number;
}

export interface ControlsContent {
  domains: ControlDomain[];
  controls: LibraryControl[];
  policies: { id: string; title: string; purpose: string }[];
}

export interface FrameworkSummary {
  id: string;
  name: string;
  version: string;
  description: string;
  covered: number;
  total: number;
}

export interface FrameworkRequirement {
  id: string;
  title: string;
  group: string;
  /** Library ids of the program's controls that cover it. */
  controls: string[];
}

export interface FrameworkDetail extends FrameworkSummary {
  groups: { id: string; name: string }[];
  requirements: FrameworkRequirement[];
}
