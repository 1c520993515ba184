import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

/**
 * Import boundaries (ARCHITECTURE.md; lib/lint-boundaries.test.ts proves each one refuses a wrong import):
 * page/form (app, components) → server action → service (lib/services) → pure rule (lib/<domain>) → database.
 * Each message names its boundary. One `files` block per folder: a later block would replace, not add to,
 * an earlier block's options for the same rule.
 */
const SERVICES = ["@/lib/services", "@/lib/services/**", "**/lib/services/**"];
const UI = ["@/app/**", "@/components/**"];
const INTERNAL = {
  group: ["@/lib/services/*/internal/**", "@/lib/services/*/internal"],
  message: "Boundary: a service's internal/ helpers are for services only; import the use case (or the type it re-exports).",
};
const REACT_NEXT = ["react", "react/**", "react-dom", "react-dom/**", "next", "next/**", "next-auth", "next-auth/**"];

const PURE_DOMAIN = [
  {
    group: ["@/lib/db/generated/client", "**/db/generated/client"],
    allowTypeImports: true,
    message: "Boundary: pure domain modules must not import the database client; move the query into a service (generated enums and types are fine).",
  },
  {
    group: ["@/lib/db/client", "**/db/client"],
    message: "Boundary: pure domain modules must not import the database client, even for its types; move the query into a service.",
  },
  { group: SERVICES, message: "Boundary: pure domain modules must not import services; a service calls the rule, not the other way round." },
  { group: REACT_NEXT, message: "Boundary: pure domain modules must not import React or Next.js; keep rules free of the framework." },
  { group: UI, message: "Boundary: pure domain modules must not import app/ or components/." },
];

export const BOUNDARIES = {
  pureDomain: PURE_DOMAIN,
  services: [{ group: UI, message: "Boundary: services must not import app/ or components/; the page calls the service, not the other way round." }],
  app: [INTERNAL],
  components: [
    INTERNAL,
    {
      // Internals are left out here so a type import of one is still refused by INTERNAL above.
      regex: "^(@/|(\\.\\./)+)lib/services/(?!([^/]+/)?internal(/|$))",
      allowTypeImports: true,
      message: "Boundary: components may import only types from services (`import type`); call the service from a page or server action.",
    },
  ],
  auth: [{ group: SERVICES, message: "Boundary: lib/auth must not import services; the service context and audit writer live in lib/db." }],
  db: [
    { group: SERVICES, message: "Boundary: lib/db sits below the services and must not import them." },
    { group: UI, message: "Boundary: lib/db must not import app/ or components/." },
  ],
};

const restrict = (patterns) => ({ "@typescript-eslint/no-restricted-imports": ["error", { patterns }] });

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", ".data/**", "lib/db/generated/**", "test-results/**", "playwright-report/**", "next-env.d.ts"]),
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["lib/**/*.{ts,tsx}"],
    ignores: ["lib/services/**", "lib/db/**", "lib/auth/**", "lib/http/**", "lib/env/**"],
    rules: restrict(BOUNDARIES.pureDomain),
  },
  { files: ["lib/services/**/*.{ts,tsx}"], rules: restrict(BOUNDARIES.services) },
  { files: ["app/**/*.{ts,tsx}"], rules: restrict(BOUNDARIES.app) },
  { files: ["components/**/*.{ts,tsx}"], rules: restrict(BOUNDARIES.components) },
  { files: ["lib/auth/**/*.{ts,tsx}"], rules: restrict(BOUNDARIES.auth) },
  { files: ["lib/db/**/*.{ts,tsx}"], rules: restrict(BOUNDARIES.db) },
]);
