import { CallCenterModel } from './model';
import { parseSimulatorOptions, type SimulatorOptions } from './options';
import { type SimulatorHandle, serveModel } from './server';

/**
 * The built-in PortSIP PBX simulator: a seeded call center (server/simulator/model.ts) behind a
 * WebSocket server that speaks PortSIP WSI (server.ts, session.ts). It powers `npm run demo`,
 * `npm run sim`, sales demos and the tests; `groundTruth()` tells what really happened, so the
 * wallboard's figures can be checked against it.
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<SimulatorHandle> {
  const settings = parseSimulatorOptions(options);
  const model = new CallCenterModel(settings, settings.now);
  return serveModel(settings, model);
}

export type { GroundTruth, QueueFigures, TruthRange, TruthVisit } from './groundTruth';
export { CallCenterModel, type QueueInfo } from './model';
export type { SimulatorOptions } from './options';
export type { SimulatorHandle } from './server';
export type { Emitted, Route, WsiMessage } from './world';
