// Checks for the Helm chart in deploy/helm that need no helm binary: values against the chart's JSON
// schema, values paths read by templates, env names written by templates.
export { mergeValues, hasValuePath, isValues, ANY_KEY, type Values } from './helm-values.js';
export { compileValuesSchema, type ValuesCheck, type ValuesProblem, type ValuesValidator } from './values-schema.js';
export { parseTemplateFile, reachableUnits, valueReferences, envNames, type TemplateUnit, type ValueReference } from './template-scan.js';
export { readChart, readValuesFile, type Chart } from './chart-files.js';
