import { z } from 'zod';

/**
 * The Adoptium API v3 (https://api.adoptium.net/q/swagger-ui/), endpoint
 * `GET /v3/assets/feature_releases/{feature_version}/{release_type}`: an array of releases, newest first,
 * each with `release_name`, `version_data` and the `binaries` that match the query (`os`, `architecture`,
 * `image_type`). Only the fields the runner uses are required; the rest pass through.
 */
const packageSchema = z.object({
  name: z.string(),
  link: z.string().url(),
  checksum: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'a SHA-256 hex digest')
    .optional(),
  size: z.number().int().nonnegative().optional(),
});

const binarySchema = z.object({
  os: z.string(),
  architecture: z.string(),
  image_type: z.string(),
  jvm_impl: z.string(),
  package: packageSchema.optional(),
  updated_at: z.string().optional(),
});

const releaseSchema = z.object({
  release_name: z.string().min(1),
  release_type: z.string(),
  vendor: z.string(),
  timestamp: z.string().optional(),
  binaries: z.array(binarySchema),
  version_data: z.object({
    major: z.number().int(),
    minor: z.number().int(),
    security: z.number().int(),
    patch: z.number().int().optional(),
    build: z.number().int(),
    openjdk_version: z.string(),
    semver: z.string(),
  }),
});

export const adoptiumReleasesSchema = z.array(releaseSchema);

export class InvalidAdoptiumResponse extends Error {
  constructor(message: string) {
    super(`InvalidAdoptiumResponse: ${message}`);
    this.name = 'InvalidAdoptiumResponse';
  }
}

/** One downloadable JDK archive of one release. */
export interface AdoptiumBuild {
  /** e.g. "jdk-25.0.3+9" */
  readonly releaseName: string;
  readonly vendor: string;
  readonly feature: number;
  /** JEP 223 full version without the build: "25.0.3", "25.0.0" for the first GA as "25". */
  readonly version: string;
  readonly build: number;
  readonly openjdkVersion: string;
  readonly os: string;
  readonly architecture: string;
  readonly imageType: string;
  readonly jvmImpl: string;
  readonly packageName: string;
  readonly link: string;
  readonly checksum: string | null;
  readonly size: number | null;
  readonly timestamp: string | null;
}

/** Parses a feature_releases response into one entry per matching binary with a package. Pure. */
export function parseAdoptiumReleases(json: unknown, source = 'Adoptium response'): AdoptiumBuild[] {
  const parsed = adoptiumReleasesSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('');
    throw new InvalidAdoptiumResponse(`${source}: ${path || '(root)'}: ${issue.message}`);
  }
  const builds: AdoptiumBuild[] = [];
  for (const release of parsed.data) {
    const v = release.version_data;
    for (const binary of release.binaries) {
      if (binary.package === undefined) continue;
      builds.push({
        releaseName: release.release_name,
        vendor: release.vendor,
        feature: v.major,
        version: `${v.major}.${v.minor}.${v.security}${v.patch ? `.${v.patch}` : ''}`,
        build: v.build,
        openjdkVersion: v.openjdk_version,
        os: binary.os,
        architecture: binary.architecture,
        imageType: binary.image_type,
        jvmImpl: binary.jvm_impl,
        packageName: binary.package.name,
        link: binary.package.link,
        checksum: binary.package.checksum ?? null,
        size: binary.package.size ?? null,
        timestamp: release.timestamp ?? null,
      });
    }
  }
  return builds;
}

/** The query the runner makes: GA JDK builds for Linux x64 of one feature release, newest first. */
export function adoptiumReleasesUrl(baseUrl: string, feature: number, pageSize = 10): string {
  const url = new URL(
    `v3/assets/feature_releases/${feature}/ga`,
    baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`,
  );
  url.searchParams.set('image_type', 'jdk');
  url.searchParams.set('os', 'linux');
  url.searchParams.set('architecture', 'x64');
  url.searchParams.set('jvm_impl', 'hotspot');
  url.searchParams.set('vendor', 'eclipse');
  url.searchParams.set('page_size', String(pageSize));
  url.searchParams.set('sort_order', 'DESC');
  return url.toString();
}

/** Lists builds from the API (metadata only; downloading is a separate, flagged step). */
export async function fetchAdoptiumBuilds(
  baseUrl: string,
  feature: number,
  fetchImpl: typeof fetch = fetch,
): Promise<AdoptiumBuild[]> {
  const url = adoptiumReleasesUrl(baseUrl, feature);
  const response = await fetchImpl(url, {
    headers: { accept: 'application/json' },
    signal: AbortSignal.timeout(30_000),
  });
  if (!response.ok) throw new InvalidAdoptiumResponse(`${url}: HTTP ${response.status}`);
  return parseAdoptiumReleases(await response.json(), url);
}

/**
 * Where to download an archive from: the API's link, or the same file name under a mirror (a local
 * directory served over HTTP in tests, an internal artefact proxy in production).
 */
export function downloadUrlFor(build: AdoptiumBuild, mirrorUrl: string | undefined): string {
  if (mirrorUrl === undefined || mirrorUrl === '') return build.link;
  return new URL(build.packageName, mirrorUrl.endsWith('/') ? mirrorUrl : `${mirrorUrl}/`).toString();
}
