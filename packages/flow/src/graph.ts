// The graph checks: nodes no path from start reaches, and loops nothing bounds. The bounding rule: every
// cycle must leave some node through one of its ordinary edges while that node has `maxVisits`; such a node
// takes its ordinary edges at most maxVisits times, then only `onMaxVisits`, so the cycle cannot run forever.

export interface GraphNode {
  readonly id: string;
  /** Ordinary edges (next, cases, onError...), to nodes that exist. */
  readonly edges: readonly string[];
  /** onMaxVisits, when the node is bounded. */
  readonly exhausted?: string;
  /** The node carries maxVisits (and onMaxVisits). */
  readonly bounded: boolean;
}

export function reachableFrom(start: string, nodes: ReadonlyMap<string, GraphNode>): Set<string> {
  const seen = new Set<string>([start]);
  const queue = [start];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    const node = nodes.get(id);
    if (node === undefined) continue;
    for (const target of node.exhausted === undefined ? node.edges : [...node.edges, node.exhausted]) {
      if (!seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  return seen;
}

/** Edges a run can take without limit: a bounded node's ordinary edges are limited, its onMaxVisits is not. */
function unlimitedEdges(node: GraphNode): readonly string[] {
  if (!node.bounded) return node.edges;
  return node.exhausted === undefined ? [] : [node.exhausted];
}

/** Strongly connected components (Tarjan), iteratively so a long chain of nodes cannot overflow the stack. */
function components(nodes: ReadonlyMap<string, GraphNode>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let counter = 0;
  for (const root of nodes.keys()) {
    if (index.has(root)) continue;
    const work: { id: string; next: number }[] = [{ id: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter);
    counter += 1;
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame === undefined) break;
      const node = nodes.get(frame.id);
      const targets = node === undefined ? [] : unlimitedEdges(node);
      const target = targets[frame.next];
      if (target !== undefined) {
        frame.next += 1;
        if (!nodes.has(target)) continue;
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter);
          counter += 1;
          stack.push(target);
          onStack.add(target);
          work.push({ id: target, next: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.id, Math.min(low.get(frame.id) ?? 0, index.get(target) ?? 0));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined) low.set(parent.id, Math.min(low.get(parent.id) ?? 0, low.get(frame.id) ?? 0));
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
          onStack.delete(id);
          component.push(id);
          if (id === frame.id) break;
        }
        out.push(component);
      }
    }
  }
  return out;
}

/** The shortest cycle from `first` back to itself inside `members`, as node ids ending with `first`. */
function cycleThrough(first: string, members: ReadonlySet<string>, nodes: ReadonlyMap<string, GraphNode>): string[] {
  const parent = new Map<string, string>();
  const queue = [first];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    const node = nodes.get(id);
    for (const target of node === undefined ? [] : unlimitedEdges(node)) {
      if (!members.has(target)) continue;
      if (target === first) {
        const chain: string[] = [];
        for (let at: string | undefined = id; at !== undefined; at = at === first ? undefined : parent.get(at)) chain.unshift(at);
        return [...chain, first];
      }
      if (!parent.has(target) && target !== first) {
        parent.set(target, id);
        queue.push(target);
      }
    }
  }
  return [first, first];
}

/** Every loop a run could go round forever, each as a cycle of ids starting at its earliest node. */
export function unboundedLoops(nodes: ReadonlyMap<string, GraphNode>): string[][] {
  const order = [...nodes.keys()];
  const loops: string[][] = [];
  for (const component of components(nodes)) {
    const only = nodes.get(component[0] ?? '');
    const selfLoop = component.length === 1 && only !== undefined && unlimitedEdges(only).includes(only.id);
    if (component.length < 2 && !selfLoop) continue;
    const first = [...component].sort((a, b) => order.indexOf(a) - order.indexOf(b))[0];
    if (first === undefined) continue;
    loops.push(cycleThrough(first, new Set(component), nodes));
  }
  return loops.sort((a, b) => order.indexOf(a[0] ?? '') - order.indexOf(b[0] ?? ''));
}
