// Grade one response's headers with the MDN HTTP Observatory's own tests
// and scoring, as if the response had been served over HTTPS.
//
// The Observatory's scanner can only fetch a live site, and over plain HTTP
// (all a test on loopback has) it always loses the HTTPS and HSTS points.
// Its tests, though, are plain functions of a "requests" record, so this
// script builds that record from a response a test captured and runs them.
//
// Input (stdin, JSON):
//   {"url": "https://localhost/check", "status": 200,
//    "headers": [[name, value], ...], "body": "<!doctype html>...",
//    "cors_headers": [[name, value], ...]}   // answer to a CORS preflight
// Output (stdout, JSON): {"grade", "score", "tests": {name: {result, pass, modifier}}}
import { readFileSync } from "node:fs";
import { CookieJar } from "tough-cookie";
import { ALL_TESTS } from "@mdn/mdn-http-observatory/src/constants.js";
import { MINIMUM_SCORE_FOR_EXTRA_CREDIT } from "@mdn/mdn-http-observatory/src/grader/charts.js";
import {
  getGradeForScore,
  getScoreModifier,
} from "@mdn/mdn-http-observatory/src/grader/grader.js";
import { Requests, HTML_TYPES } from "@mdn/mdn-http-observatory/src/types.js";
import { parseHttpEquivHeaders } from "@mdn/mdn-http-observatory/src/retriever/utils.js";

const input = JSON.parse(readFileSync(0, "utf8"));
const url = new URL(input.url);
if (url.protocol !== "https:") {
  throw new Error("grade a response as served over HTTPS: give an https:// url");
}

// Axios (which the scanner uses) gives lower-case names, and Set-Cookie as a list.
function axiosHeaders(pairs) {
  const headers = {};
  for (const [name, value] of pairs) {
    const key = name.toLowerCase();
    if (key === "set-cookie") {
      (headers[key] ??= []).push(value);
    } else {
      headers[key] = key in headers ? `${headers[key]}, ${value}` : value;
    }
  }
  return headers;
}

const headers = axiosHeaders(input.headers);
const response = { status: input.status, headers, verified: true };
const contentType = (headers["content-type"] ?? "").split(";")[0];
response.httpEquiv = HTML_TYPES.has(contentType)
  ? parseHttpEquivHeaders(input.body ?? "", url.href)
  : new Map();

// Cookies go through a real cookie jar, as in a scan: one the browser would
// refuse (a __Host- cookie without Secure, say) is dropped here too.
const jar = new CookieJar(undefined, { prefixSecurity: "strict" });
for (const cookie of headers["set-cookie"] ?? []) {
  jar.setCookieSync(cookie, url.href, { ignoreError: true });
}

const requests = new Requests(url.hostname);
requests.responses.auto = response;
requests.responses.https = response;
// The service answers on HTTPS only (plain HTTP is the proxy's redirect), so
// there is no plain-HTTP response to grade: "redirection not needed".
requests.responses.http = null;
requests.responses.cors = input.cors_headers
  ? {
      status: 200,
      headers: axiosHeaders(input.cors_headers),
      request: { headers: { origin: "https://http-observatory.security.mozilla.org" } },
      verified: true,
    }
  : null;
requests.resources.path = input.body ?? "";
requests.session = { url, jar };

// The same arithmetic as the scanner's scan(): bonuses count only when the
// score without them is already an A.
let withExtraCredit = 100;
let uncurved = 100;
const tests = {};
for (const test of ALL_TESTS) {
  const output = test(requests);
  const modifier = output.result ? getScoreModifier(output.result) : 0;
  withExtraCredit += modifier;
  if (modifier < 0) {
    uncurved += modifier;
  }
  tests[test.name] = { result: output.result, pass: output.pass, modifier };
}
const score = uncurved >= MINIMUM_SCORE_FOR_EXTRA_CREDIT ? withExtraCredit : uncurved;
const { grade } = getGradeForScore(score);
process.stdout.write(JSON.stringify({ grade, score, tests }, null, 2) + "\n");
