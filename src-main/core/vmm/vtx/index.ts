/** The built-in KVM-style VMM of `--mode vtx`: its VMCS, its exit handler and its identity-map trick. */
export { IDENTITY_MAP_PD, installIdentityMap } from './identity-map';
export { buildGuestVmcs, vtxVmcsAddress, VTX_CPU_CONTROLS, VTX_VMCS_BASE } from './guest-vmcs';
export { guestCr3, handleVmExit, injectException, injectPageFault, setGuestPaging, skipInstruction, VtxAction, VtxVcpuState, VTX_CR0_MASK, VTX_CR4_MASK, VTX_EXCEPTION_BITMAP } from './vtx-exits';
export { VtxVcpu, VTX_GUEST_CPU, type VtxExitNote } from './vtx-vcpu';
