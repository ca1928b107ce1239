// Which engine wrote the checkpoint and what it says about the container. Same rules as checkpointctl
// (internal/container.go): spec.dump annotation io.container.manager = libpod -> Podman, cri-o ->
// CRI-O, anything else with container metadata -> containerd. Without config.dump/spec.dump the
// archive is a bare CRIU dump.
import type { ContainerOverview, Engine, NetworkInterface } from '../../shared/model';
import { isRecord, str, stringMap } from './values';

export interface ContainerMetadata {
  config?: Record<string, unknown>;
  spec?: Record<string, unknown>;
  networkStatus?: unknown;
}

/** What the engine's metadata says about the container: the overview's identity fields. */
export type ContainerIdentity = Pick<
  ContainerOverview,
  'engine' | 'name' | 'image' | 'imageRef' | 'id' | 'runtime' | 'created' | 'checkpointed' | 'ip' | 'mac' | 'networks' | 'pod' | 'namespace' | 'labels' | 'annotations'
>;

export function detectEngine(meta: ContainerMetadata, hasImages: boolean): Engine {
  const manager = specAnnotations(meta.spec)['io.container.manager'];
  if (manager === 'libpod') return 'Podman';
  if (manager === 'cri-o') return 'CRI-O';
  if (meta.spec || meta.config) return 'containerd';
  return hasImages ? 'CRIU' : 'unknown';
}

export function specAnnotations(spec: Record<string, unknown> | undefined): Record<string, string> {
  return stringMap(spec?.annotations);
}

export function containerIdentity(meta: ContainerMetadata, engine: Engine): ContainerIdentity {
  const config = meta.config ?? {};
  const annotations = specAnnotations(meta.spec);
  const identity: ContainerIdentity = {
    engine,
    name: str(config.name),
    image: str(config.rootfsImageName) ?? str(config.rootfsImage) ?? str(config.RawImageName),
    imageRef: str(config.rootfsImageRef) ?? str(config.rootfsImageID),
    id: str(config.id),
    runtime: str(config.runtime),
    created: validTime(str(config.createdTime)),
    checkpointed: validTime(str(config.checkpointedTime)),
    networks: [],
    labels: stringMap(config.labels),
    annotations,
  };
  if (engine === 'CRI-O') applyCrio(identity, annotations);
  else if (engine === 'containerd') applyContainerd(identity, annotations);
  else if (engine === 'Podman') applyPodman(identity, config, meta.networkStatus);
  return identity;
}

function applyCrio(identity: ContainerIdentity, annotations: Record<string, string>): void {
  const metadata = parseJson(annotations['io.kubernetes.cri-o.Metadata']);
  identity.name = str(isRecord(metadata) ? metadata.name : undefined) ?? annotations['io.kubernetes.container.name'] ?? identity.name;
  identity.created = annotations['io.kubernetes.cri-o.Created'] ?? identity.created;
  identity.ip = annotations['io.kubernetes.cri-o.IP.0'] || undefined;
  identity.pod = annotations['io.kubernetes.pod.name'];
  identity.namespace = annotations['io.kubernetes.pod.namespace'];
  identity.image ??= annotations['io.kubernetes.cri-o.ImageName'];
  identity.imageRef ??= annotations['io.kubernetes.cri-o.ImageRef'];
  identity.id ??= annotations['io.kubernetes.cri-o.ContainerID'];
  const labels = parseJson(annotations['io.kubernetes.cri-o.Labels']);
  if (isRecord(labels)) identity.labels = { ...identity.labels, ...stringMap(labels) };
  // CRI-O records the pod addresses only (IP.0, IP.1 for dual stack), not the interface.
  for (let i = 0; annotations[`io.kubernetes.cri-o.IP.${i}`]; i++) {
    identity.networks.push({ network: 'pod', interface: '', ip: annotations[`io.kubernetes.cri-o.IP.${i}`] });
  }
}

function applyContainerd(identity: ContainerIdentity, annotations: Record<string, string>): void {
  identity.name = annotations['io.kubernetes.cri.container-name'] ?? identity.name;
  identity.pod = annotations['io.kubernetes.cri.sandbox-name'];
  identity.namespace = annotations['io.kubernetes.cri.sandbox-namespace'];
  identity.image ??= annotations['io.kubernetes.cri.image-name'];
}

function applyPodman(identity: ContainerIdentity, config: Record<string, unknown>, networkStatus: unknown): void {
  identity.pod = str(config.pod) || undefined;
  identity.networks = podmanNetworks(networkStatus);
  const first = identity.networks.find((n) => n.ip);
  if (first) {
    identity.ip = first.ip?.replace(/\/\d+$/, '');
    identity.mac = first.mac;
  }
}

/** network.status of Podman 4+ (netavark): {<network>: {interfaces: {<if>: {subnets: [{ipnet, gateway}],
 *  mac_address}}}}; of Podman 3 (CNI): an array of CNI results (see cniNetworks). One NetworkInterface
 *  per subnet of each interface (ip keeps the prefix length, "10.88.0.5/16"). */
export function podmanNetworks(status: unknown): NetworkInterface[] {
  if (Array.isArray(status)) return cniNetworks(status);
  const result: NetworkInterface[] = [];
  if (!isRecord(status)) return result;
  for (const [network, value] of Object.entries(status)) {
    const interfaces = isRecord(value) ? value.interfaces : undefined;
    if (!isRecord(interfaces)) continue;
    for (const [name, info] of Object.entries(interfaces)) {
      if (!isRecord(info)) continue;
      const mac = str(info.mac_address);
      const subnets = Array.isArray(info.subnets) ? info.subnets.filter(isRecord) : [];
      if (subnets.length === 0) result.push({ network, interface: name, mac });
      for (const subnet of subnets) {
        result.push({ network, interface: name, ip: str(subnet.ipnet), gateway: str(subnet.gateway), mac });
      }
    }
  }
  return result;
}

/** CNI results ({interfaces: [{name, mac, sandbox}], ips: [{address, gateway, interface: index}]}):
 *  each IP on the interface it names. The results carry no network name; it is "cni<n>" by position. */
function cniNetworks(results: unknown[]): NetworkInterface[] {
  const out: NetworkInterface[] = [];
  results.forEach((result, index) => {
    if (!isRecord(result)) return;
    const interfaces = Array.isArray(result.interfaces) ? result.interfaces : [];
    const ips = Array.isArray(result.ips) ? result.ips.filter(isRecord) : [];
    for (const ip of ips) {
      const at = typeof ip.interface === 'number' ? interfaces[ip.interface] : undefined;
      const link = isRecord(at) ? at : {};
      out.push({ network: `cni${index}`, interface: str(link.name) ?? '', ip: str(ip.address), gateway: str(ip.gateway), mac: str(link.mac) });
    }
  });
  return out;
}

/** Go's zero time means "not set". */
function validTime(value: string | undefined): string | undefined {
  if (!value || value.startsWith('0001-01-01')) return undefined;
  return value;
}

export function parseJson(value: string | undefined): unknown {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return undefined;
  try {
    return JSON.parse(trimmed);
  } catch {
    return undefined;
  }
}
