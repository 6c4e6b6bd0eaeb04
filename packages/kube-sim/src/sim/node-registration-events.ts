/**
 * The Events a real node produces in its first minute: the kubelet's start-up sequence
 * (pkg/kubelet/kubelet.go `Starting`, kubelet_node_status.go `recordNodeStatusEvent` for each
 * condition, cm `NodeAllocatableEnforced`) and the node lifecycle controller's `RegisteredNode`
 * (pkg/controller/nodelifecycle). The kubelet's events name the node by name as its uid, as
 * the kubelet does (`nodeRef`), the controller's by its real uid.
 */
import type { EventRecorder } from './event-recorder.js';

/** Records the start-up Events of a node that just registered. */
export function recordNodeRegistrationEvents(
  events: EventRecorder,
  node: { name: string; uid: string },
): void {
  const kubeletRef = { kind: 'Node', name: node.name, uid: node.name };
  const kubelet = (reason: string, message: string) =>
    events.record({
      involvedObject: kubeletRef,
      type: 'Normal',
      reason,
      message,
      component: 'kubelet',
      host: node.name,
    });
  kubelet('Starting', 'Starting kubelet.');
  for (const status of [
    'NodeHasSufficientMemory',
    'NodeHasNoDiskPressure',
    'NodeHasSufficientPID',
  ]) {
    kubelet(status, `Node ${node.name} status is now: ${status}`);
  }
  kubelet('NodeAllocatableEnforced', 'Updated Node Allocatable limit across pods');
  events.record({
    involvedObject: { kind: 'Node', name: node.name, uid: node.uid },
    type: 'Normal',
    reason: 'RegisteredNode',
    message: `Node ${node.name} event: Registered Node ${node.name} in Controller`,
    component: 'node-controller',
  });
  kubelet('NodeReady', `Node ${node.name} status is now: NodeReady`);
}
