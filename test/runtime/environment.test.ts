/** Start-up checks (SBX-01, SBX-02) with simulated process facts. */
import { describe, expect, it } from 'vitest';
import { type ProcessFacts, RuntimeError, checkEnvironment, createRuntime, currentProcessFacts } from '../../runtime/index.ts';

const good: ProcessFacts = { nodeVersion: '24.3.0', isolatedVmVersion: '7.0.1', execArgv: ['--no-node-snapshot'], nodeOptions: undefined };

function codeOf(facts: ProcessFacts): string | undefined {
  try {
    checkEnvironment(facts);
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(RuntimeError);
    return (e as RuntimeError).code;
  }
}

describe('checkEnvironment()', () => {
  it('accepts this test process (forked with --no-node-snapshot on Node 24)', () => {
    expect(() => checkEnvironment(currentProcessFacts())).not.toThrow();
  });
  it('SBX-01 refuses Node 20 and 22 with RT_ERR_NODE_VERSION', () => {
    expect(codeOf({ ...good, nodeVersion: '20.11.0' })).toBe('RT_ERR_NODE_VERSION');
    expect(codeOf({ ...good, nodeVersion: '22.9.0' })).toBe('RT_ERR_NODE_VERSION');
    expect(codeOf({ ...good, nodeVersion: 'garbage' })).toBe('RT_ERR_NODE_VERSION');
    expect(codeOf({ ...good, nodeVersion: '25.0.0' })).toBeUndefined();
  });
  it('SBX-01 refuses isolated-vm older than 7.0.1 or missing', () => {
    expect(codeOf({ ...good, isolatedVmVersion: '7.0.0' })).toBe('RT_ERR_ISOLATED_VM_VERSION');
    expect(codeOf({ ...good, isolatedVmVersion: '6.1.2' })).toBe('RT_ERR_ISOLATED_VM_VERSION');
    expect(codeOf({ ...good, isolatedVmVersion: undefined })).toBe('RT_ERR_ISOLATED_VM_VERSION');
    expect(codeOf({ ...good, isolatedVmVersion: '7.1.0' })).toBeUndefined();
    expect(codeOf({ ...good, isolatedVmVersion: '8.0.0' })).toBeUndefined();
  });
  it('SBX-02 refuses a process without --no-node-snapshot, accepts it in NODE_OPTIONS', () => {
    expect(codeOf({ ...good, execArgv: [] })).toBe('RT_ERR_NO_SNAPSHOT_FLAG');
    expect(codeOf({ ...good, execArgv: [], nodeOptions: '--max-old-space-size=512' })).toBe('RT_ERR_NO_SNAPSHOT_FLAG');
    expect(codeOf({ ...good, execArgv: [], nodeOptions: '--max-old-space-size=512 --no-node-snapshot' })).toBeUndefined();
  });
  it('SBX-02 createRuntime() runs the check before creating an isolate', () => {
    expect(() => createRuntime({ processFacts: { ...good, execArgv: [] } })).toThrow(/RT_ERR_NO_SNAPSHOT_FLAG/);
  });
});
