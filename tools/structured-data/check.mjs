// Checks the structured data of HTML pages with two checkers nobody on Marquee wrote:
//   - @adobe/structured-data-validator: every type and property against the schema.org
//     vocabulary (the copy @vocabulary/schema ships, so nothing is downloaded at run time),
//     and Google's rich-result rules for the types it knows (Organization, Person,
//     ImageObject, Rating, Review, BreadcrumbList ...);
//   - structured-data-testing-tool's Google preset: the properties Google requires and
//     recommends for articles (NewsArticle), ClaimReview and Organization.
// Usage: node check.mjs page.html [page.html ...]
// Prints one JSON object, for each file the top-level JSON-LD types found and the issues:
//   {"<file>": {"types": ["NewsArticle", ...], "issues": [{"tool", "severity", "message", "where"}]}}
// and exits 0; a page that cannot be read or parsed is reported as an error of its own.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import Validator from '@adobe/structured-data-validator';
import WebAutoExtractor from '@marbec/web-auto-extractor';

const require = createRequire(import.meta.url);
const { structuredDataTestHtml } = require('structured-data-testing-tool');
const { Google } = require('structured-data-testing-tool/presets');

const SCHEMA = 'http://schema.org/';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const SUBCLASS = 'http://www.w3.org/2000/01/rdf-schema#subClassOf';
const DOMAIN = 'http://schema.org/domainIncludes';
const KINDS = {
  'http://www.w3.org/2000/01/rdf-schema#Class': 'rdfs:Class',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#Property': 'rdf:Property',
};

// The vocabulary as the JSON-LD graph the validator reads (schema.org's own
// schemaorg-current-https.jsonld has this shape), made from the N-Quads of @vocabulary/schema.
function schemaOrgGraph() {
  const path = require.resolve('@vocabulary/schema/schema.nq');
  const nodes = new Map();
  const node = (id) => {
    if (!nodes.has(id)) nodes.set(id, { '@id': `schema:${id}` });
    return nodes.get(id);
  };
  const term = /^<http:\/\/schema\.org\/([^>]+)> <([^>]+)> <([^>]+)>/;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const found = term.exec(line);
    if (!found) continue;
    const [, subject, predicate, object] = found;
    if (predicate === RDF_TYPE && KINDS[object]) {
      node(subject)['@type'] = KINDS[object];
    } else if (predicate === SUBCLASS && object.startsWith(SCHEMA)) {
      (node(subject)['rdfs:subClassOf'] ??= []).push({ '@id': `schema:${object.slice(SCHEMA.length)}` });
    } else if (predicate === DOMAIN && object.startsWith(SCHEMA)) {
      (node(subject)['schema:domainIncludes'] ??= []).push({ '@id': `schema:${object.slice(SCHEMA.length)}` });
    }
  }
  // Data types (Text, URL, Date ...) are classes too, even where the file types them otherwise.
  return { '@graph': [...nodes.values()].filter((entity) => entity['@type']) };
}

function where(path) {
  return (path || [])
    .map((step) => [step.property, step.type, step.index].filter((part) => part !== undefined).join(':'))
    .join(' > ');
}

function extract(html) {
  return new WebAutoExtractor({ addLocation: true, embedSource: ['rdfa', 'microdata'] }).parse(html);
}

async function adobe(validator, data) {
  const issues = await validator.validate(data);
  return issues.map((issue) => ({
    tool: '@adobe/structured-data-validator',
    severity: issue.severity === 'ERROR' ? 'error' : 'warning',
    message: issue.issueMessage,
    where: where(issue.path),
  }));
}

async function sdtt(html) {
  let result;
  try {
    result = await structuredDataTestHtml(html, { presets: [Google] });
  } catch (error) {
    // The tool throws when a test failed, with the full result attached.
    if (!error.res) throw error;
    result = error.res;
  }
  const issue = (severity) => (test) => ({
    tool: 'structured-data-testing-tool (Google preset)',
    severity,
    message: `${test.description}: ${test.error ? test.error.message : 'missing'}`,
    where: test.test,
  });
  return [...result.failed.map(issue('error')), ...result.warnings.map(issue('warning'))];
}

const validator = new Validator(schemaOrgGraph());
const report = {};
for (const file of process.argv.slice(2)) {
  try {
    const html = readFileSync(file, 'utf8');
    const data = extract(html);
    report[file] = {
      types: Object.keys(data.jsonld || {}),
      issues: [...(await adobe(validator, data)), ...(await sdtt(html))],
    };
  } catch (error) {
    report[file] = {
      types: [],
      issues: [{ tool: 'check.mjs', severity: 'error', message: String(error), where: '' }],
    };
  }
}
process.stdout.write(JSON.stringify(report, null, 1) + '\n');
