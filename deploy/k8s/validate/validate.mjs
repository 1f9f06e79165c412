// Checks rendered Kubernetes manifests without a cluster:
//  1. every object validates against the Kubernetes (and Prometheus Operator)
//     JSON schemas bundled in the kubernetes-models packages, unknown fields
//     included;
//  2. the promises Chronicle's manifests make hold: gRPC probes, resources,
//     non-root and read-only containers, named gRPC ports, a grace period
//     longer than the drain, scrape annotations, and so on.
//
//   node validate.mjs RENDERED.yaml [--allow-latest]
//
// Prints one line per problem and exits 1 if there is any.
import fs from "node:fs";
import yaml from "js-yaml";

const [file, ...options] = process.argv.slice(2);
if (!file) {
  console.error("usage: node validate.mjs RENDERED.yaml [--allow-latest]");
  process.exit(2);
}
const allowLatest = options.includes("--allow-latest");
const objects = yaml.loadAll(fs.readFileSync(file, "utf8")).filter((o) => o != null);
const problems = [];
const problem = (object, text) =>
  problems.push(`${object.kind}/${object.metadata?.name ?? "?"}: ${text}`);

// ---- 1. schemas -------------------------------------------------------------

const pascal = (text) => text.charAt(0).toUpperCase() + text.slice(1);

// The compiled schema of apiVersion/kind inside the models packages, e.g.
// apps/v1 Deployment -> kubernetes-models/_schemas/IoK8sApiAppsV1Deployment.mjs,
// monitoring.coreos.com/v1 ServiceMonitor ->
// @kubernetes-models/prometheus-operator/_schemas/MonitoringCoreosComV1ServiceMonitor.mjs.
function schemaUrl(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const base = new URL("./node_modules/", import.meta.url);
  if (group.endsWith(".coreos.com")) {
    const name = group.split(".").map(pascal).join("") + pascal(version) + kind;
    return new URL(`@kubernetes-models/prometheus-operator/_schemas/${name}.mjs`, base);
  }
  const groupName = group === "" ? "Core" : pascal(group.split(".")[0]);
  return new URL(`kubernetes-models/_schemas/IoK8sApi${groupName}${pascal(version)}${kind}.mjs`, base);
}

// Kubernetes' schemas accept unknown fields (the API server drops them), so a
// misspelt field would pass. Every property the schema knows is read by the
// compiled validator; watching its reads through a Proxy finds the keys it
// never looked at, which are the unknown ones.
function watchReads(value, path, keys) {
  if (value === null || typeof value !== "object") return value;
  if (!Array.isArray(value)) for (const key of Object.keys(value)) keys.set(`${path}.${key}`, false);
  return new Proxy(value, {
    get(target, key, receiver) {
      const result = Reflect.get(target, key, receiver);
      if (typeof key !== "string" || !Object.prototype.hasOwnProperty.call(target, key)) return result;
      const child = Array.isArray(target) ? `${path}[${key}]` : `${path}.${key}`;
      if (!Array.isArray(target)) keys.set(child, true);
      return watchReads(result, child, keys);
    },
  });
}

// Resources whose operators ship no models package here: the fields our
// manifests may use, each with its type ("object" takes any keys, a nested
// object lists its own). Anything else is refused, as for Kubernetes' own.
const ownSchemas = {
  "postgresql.cnpg.io/v1 Cluster": {
    apiVersion: "string",
    kind: "string",
    metadata: { name: "string", namespace: "string", labels: "object", annotations: "object" },
    spec: {
      instances: "integer",
      imageName: "string",
      primaryUpdateStrategy: "string",
      minSyncReplicas: "integer",
      maxSyncReplicas: "integer",
      postgresql: { parameters: "object" },
      bootstrap: { initdb: { database: "string", owner: "string", secret: { name: "string" } } },
      storage: { size: "string", storageClass: "string" },
      resources: { requests: "object", limits: "object" },
      monitoring: { enablePodMonitor: "boolean" },
    },
  },
};

function checkOwnSchema(object, schema, value, path) {
  if (typeof schema === "string") {
    const type = Array.isArray(value) ? "array" : Number.isInteger(value) ? "integer" : typeof value;
    if (type !== schema) problem(object, `schema: ${path || "/"} must be ${schema}, is ${type}`);
    return;
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    problem(object, `schema: ${path || "/"} must be an object`);
    return;
  }
  for (const [key, child] of Object.entries(value)) {
    if (!(key in schema)) problem(object, `schema: ${path}.${key} is not a field of ${object.kind}`);
    else checkOwnSchema(object, schema[key], child, `${path}.${key}`);
  }
}

let schemaChecked = 0;
for (const object of objects) {
  if (!object.apiVersion || !object.kind) {
    problems.push(`object without apiVersion/kind: ${JSON.stringify(object).slice(0, 80)}`);
    continue;
  }
  const own = ownSchemas[`${object.apiVersion} ${object.kind}`];
  if (own) {
    const before = problems.length;
    checkOwnSchema(object, own, object, "");
    if (problems.length === before) ++schemaChecked;
    continue;
  }
  const url = schemaUrl(object.apiVersion, object.kind);
  if (!fs.existsSync(url)) {
    problem(object, `no schema for ${object.apiVersion} ${object.kind}`);
    continue;
  }
  const { validate } = await import(url.href);
  const keys = new Map();
  const valid = validate(watchReads(object, "", keys));
  for (const error of valid ? [] : validate.errors ?? []) {
    problem(object, `schema: ${error.instancePath || "/"} ${error.message ?? error.keyword} ${JSON.stringify(error.params)}`);
  }
  for (const [key, read] of keys) {
    if (!read) problem(object, `schema: ${key} is not a field of ${object.kind}`);
  }
  if (valid) ++schemaChecked;
}

// ---- 2. Chronicle's promises -----------------------------------------------

const byKind = (kind) => objects.filter((o) => o.kind === kind);
const configMaps = byKind("ConfigMap");
const workloads = [...byKind("Deployment"), ...byKind("StatefulSet")];
const services = byKind("Service");
const serviceNameOf = { "chronicle-ingest": "chronicle.v1.IngestService", "chronicle-query": "chronicle.v1.QueryService" };

function isPostgresStore(store) {
  return /^postgres(ql)?:\/\//.test(store ?? "");
}

function seconds(text) {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(text ?? "");
  if (!match) return null;
  return Number(match[1]) * { ms: 0.001, s: 1, m: 60 }[match[2]];
}

// --flag=value from the container's args and from any --flagfile it names
// that a ConfigMap volume provides.
function flagsOf(pod, container) {
  const flags = {};
  const read = (line) => {
    const match = /^--([a-z_]+)=(.*)$/.exec(line.trim());
    if (match) flags[match[1]] = match[2];
  };
  for (const arg of container.args ?? []) {
    read(arg);
    const flagfile = /^--flagfile=(.*)$/.exec(arg);
    if (!flagfile) continue;
    const mount = (container.volumeMounts ?? []).find((m) => flagfile[1].startsWith(`${m.mountPath}/`));
    const volume = mount && (pod.volumes ?? []).find((v) => v.name === mount.name);
    const map = volume?.configMap && configMaps.find((c) => c.metadata.name === volume.configMap.name);
    const key = mount && flagfile[1].slice(mount.mountPath.length + 1);
    if (!map || !(key in (map.data ?? {}))) {
      problems.push(`${container.name}: --flagfile ${flagfile[1]} is not provided by a ConfigMap volume`);
      continue;
    }
    for (const line of map.data[key].split("\n")) read(line);
  }
  return flags;
}

// What a probe asks grpc.health.v1: a native gRPC probe, or `chronicle health`
// run in the container (for TLS, which native probes cannot speak).
function probeTarget(spec) {
  if (spec?.grpc) return { port: spec.grpc.port, service: spec.grpc.service ?? "" };
  const command = spec?.exec?.command ?? [];
  if (command[0] !== "chronicle" || command[1] !== "health") return null;
  const flag = (name) => command.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  return { port: Number(/:(\d+)$/.exec(flag("address") ?? "")?.[1]), service: flag("service") ?? "" };
}

let promisesChecked = 0;
const expect = (condition, object, text) => {
  ++promisesChecked;
  if (!condition) problem(object, text);
};

for (const workload of workloads) {
  const pod = workload.spec.template.spec;
  const podSecurity = pod.securityContext ?? {};
  const name = workload.metadata.name;
  const annotations = workload.spec.template.metadata?.annotations ?? {};
  expect(pod.automountServiceAccountToken === false, workload, "automountServiceAccountToken must be false");
  for (const container of pod.containers) {
    const where = `container ${container.name}`;
    const security = container.securityContext ?? {};
    const flags = flagsOf(pod, container);
    const grpcPort = (container.ports ?? []).find((p) => p.name === "grpc");
    expect(grpcPort, workload, `${where}: a container port named grpc`);
    for (const probe of ["readinessProbe", "livenessProbe", "startupProbe"]) {
      const target = probeTarget(container[probe]);
      expect(target, workload, `${where}: ${probe} must ask grpc.health.v1 (gRPC probe or chronicle health)`);
      expect(!target || target.port === grpcPort?.containerPort, workload,
             `${where}: ${probe} must probe the grpc port`);
    }
    expect(probeTarget(container.readinessProbe)?.service === serviceNameOf[name], workload,
           `${where}: readiness must ask for ${serviceNameOf[name]} (what health reports as ready)`);
    for (const probe of ["livenessProbe", "startupProbe"]) {
      expect(probeTarget(container[probe])?.service === "chronicle.liveness", workload,
             `${where}: ${probe} must ask for chronicle.liveness, which stays SERVING while catching up`);
    }
    for (const kind of ["requests", "limits"]) {
      for (const resource of ["cpu", "memory"]) {
        expect(container.resources?.[kind]?.[resource], workload, `${where}: resources.${kind}.${resource}`);
      }
    }
    expect((security.runAsNonRoot ?? podSecurity.runAsNonRoot) === true, workload, `${where}: runAsNonRoot`);
    expect((security.runAsUser ?? podSecurity.runAsUser ?? 0) !== 0, workload, `${where}: a non-zero runAsUser`);
    expect(security.readOnlyRootFilesystem === true, workload, `${where}: readOnlyRootFilesystem`);
    expect(security.allowPrivilegeEscalation === false, workload, `${where}: allowPrivilegeEscalation false`);
    expect(security.privileged !== true, workload, `${where}: not privileged`);
    expect((security.capabilities?.drop ?? []).includes("ALL"), workload, `${where}: capabilities drop ALL`);
    expect((security.seccompProfile ?? podSecurity.seccompProfile)?.type === "RuntimeDefault", workload,
           `${where}: seccompProfile RuntimeDefault`);
    expect(container.lifecycle?.preStop, workload, `${where}: a preStop pause so endpoints update first`);
    const drain = seconds(flags.drain_timeout ?? "10s");
    const pause = Number((container.lifecycle?.preStop?.exec?.command ?? []).find((a) => /^\d+$/.test(a)) ?? 0);
    expect(drain != null && pod.terminationGracePeriodSeconds > drain + pause, workload,
           `${where}: terminationGracePeriodSeconds (${pod.terminationGracePeriodSeconds}) must exceed ` +
           `preStop (${pause} s) + --drain_timeout (${drain} s)`);
    // With its store on PostgreSQL the ingest service keeps no data.
    expect(isPostgresStore(flags.store) ||
           (flags.data_dir && (container.volumeMounts ?? []).some((m) => m.mountPath === flags.data_dir)), workload,
           `${where}: --data_dir must be a mounted volume (the root filesystem is read-only)`);
    if (isPostgresStore(flags.store)) {
      expect(!/^postgres(ql)?:\/\/[^/@]*:[^/@]*@/.test(flags.store), workload,
             `${where}: --store must not carry a password (PGPASSWORD from a Secret instead)`);
      expect((container.env ?? []).some((e) => e.name === "PGPASSWORD" && e.valueFrom?.secretKeyRef), workload,
             `${where}: PGPASSWORD from a Secret`);
    }
    for (const mount of container.volumeMounts ?? []) {
      expect((pod.volumes ?? []).some((v) => v.name === mount.name) ||
             (workload.spec.volumeClaimTemplates ?? []).some((t) => t.metadata.name === mount.name), workload,
             `${where}: volumeMount ${mount.name} has no volume`);
    }
    for (const [flag, value] of Object.entries(flags)) {
      if (!/(^tls_|_tls_|token_file$)/.test(flag)) continue;
      expect((container.volumeMounts ?? []).some((m) => value.startsWith(`${m.mountPath}/`)), workload,
             `${where}: --${flag}=${value} is not on a mounted volume (Secret)`);
    }
    const metricsPort = /:(\d+)$/.exec(flags.metrics_listen ?? "")?.[1];
    expect(metricsPort, workload, `${where}: --metrics_listen set`);
    expect(annotations["prometheus.io/scrape"] === "true" && annotations["prometheus.io/port"] === metricsPort,
           workload, `${where}: prometheus.io annotations naming the metrics port ${metricsPort}`);
    const image = container.image ?? "";
    expect(allowLatest || (/:[^/]+$/.test(image) && !image.endsWith(":latest")), workload,
           `${where}: image ${image} must carry a pinned tag`);
  }
}

const ingest = workloads.find((w) => w.metadata.name === "chronicle-ingest");
const ingestContainer = ingest?.spec.template.spec.containers.find((c) => c.name === "ingest");
if (ingest && ingestContainer && isPostgresStore(flagsOf(ingest.spec.template.spec, ingestContainer).store)) {
  // Articles in PostgreSQL: replicas share the store and replace each other.
  expect(ingest.kind === "Deployment" && ingest.spec.replicas >= 2, ingest,
         "ingest on PostgreSQL runs as a Deployment of two replicas or more");
  expect(byKind("PodDisruptionBudget").some((b) =>
    b.spec.selector?.matchLabels?.["app.kubernetes.io/name"] === "chronicle-ingest"), ingest,
         "a PodDisruptionBudget keeping an ingest replica through drains");
} else {
  expect(ingest?.kind === "StatefulSet" && ingest.spec.replicas === 1, ingest ?? { kind: "StatefulSet" },
         "ingest must be a StatefulSet of exactly one replica (one writer)");
  expect((ingest?.spec.volumeClaimTemplates ?? []).length > 0, ingest ?? { kind: "StatefulSet" },
         "ingest keeps its store on a PersistentVolumeClaim");
}

for (const service of services) {
  for (const port of service.spec.ports ?? []) {
    if (port.name === "grpc" || port.port === 50051 || port.port === 50052) {
      expect(port.name === "grpc" && port.appProtocol === "grpc", service,
             `port ${port.port} must be named grpc with appProtocol grpc`);
    }
  }
  const selected = workloads.filter((w) =>
    Object.entries(service.spec.selector ?? {}).every(([k, v]) => w.spec.template.metadata.labels?.[k] === v));
  expect(selected.length > 0, service, "selects no workload");
  for (const port of service.spec.ports ?? []) {
    if (typeof port.targetPort !== "string") continue;
    expect(selected.every((w) => w.spec.template.spec.containers.some((c) =>
      (c.ports ?? []).some((p) => p.name === port.targetPort))), service,
           `targetPort ${port.targetPort} is not a named container port`);
  }
}

for (const hpa of byKind("HorizontalPodAutoscaler")) {
  const target = workloads.find((w) => w.kind === hpa.spec.scaleTargetRef.kind &&
                                       w.metadata.name === hpa.spec.scaleTargetRef.name);
  expect(target, hpa, "scaleTargetRef names no workload");
  expect(target?.metadata.name !== "chronicle-ingest", hpa, "ingest must not autoscale (one writer)");
}
expect(byKind("HorizontalPodAutoscaler").some((h) => h.spec.scaleTargetRef.name === "chronicle-query"),
       { kind: "HorizontalPodAutoscaler" }, "query needs an autoscaler");
expect(byKind("PodDisruptionBudget").length > 0, { kind: "PodDisruptionBudget" }, "a PodDisruptionBudget");
const ingestPolicy = byKind("NetworkPolicy").find((p) =>
  p.spec.podSelector?.matchLabels?.["app.kubernetes.io/name"] === "chronicle-ingest");
expect(ingestPolicy && (ingestPolicy.spec.policyTypes ?? []).includes("Ingress"), { kind: "NetworkPolicy" },
       "a NetworkPolicy restricting who reaches ingest");

for (const line of problems) console.log(`FAIL ${line}`);
console.log(`${objects.length} objects, ${schemaChecked} schema-valid; ${promisesChecked} checks of our own, ` +
            `${problems.length} problem(s)`);
process.exit(problems.length === 0 ? 0 : 1);
