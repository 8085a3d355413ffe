/** The built-in KVM-style VMM of `--mode vtx`: its VMCS, its exit handler, its identity-map trick, its EPT and options. */
export { IDENTITY_MAP_PD, installIdentityMap } from './identity-map';
export { buildGuestVmcs, vtxControls, vtxVmcsAddress, vtxVpid, VTX_CPU_CONTROLS, VTX_VMCS_BASE, type VtxMemorySetup } from './guest-vmcs';
export { VtxEpt, VTX_UNBACKED_PAGE } from './vtx-ept';
export { guestCr3, handleVmExit, injectException, injectPageFault, reinjectVectoredEvent, setGuestPaging, skipInstruction, VtxAction, VtxVcpuState, VTX_CR0_MASK, VTX_CR4_MASK, VTX_EXCEPTION_BITMAP } from './vtx-exits';
export { describeVtxOptions, vtxOptions, VTX_DEFAULT_OPTIONS, VTX_GEN1_OPTIONS, type VtxOptions } from './vtx-options';
export { VtxVcpu, VTX_GUEST_CPU, type VtxExitNote } from './vtx-vcpu';
