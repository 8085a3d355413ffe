/**
 * The page directory the built-in VMM runs a guest on while the guest's own paging is off.
 *
 * Why it exists: VMX non-root operation requires CR0.PG = 1 (IA32_VMX_CR0_FIXED0 has PE, NE and PG set, and
 * without the "unrestricted guest" control the guest's CR0 must honour them, SDM 26.3.1.1). A multiboot
 * kernel starts with paging off. Before unrestricted guest (Westmere, 2010), KVM ran such guests the way this
 * VMM does: the real CR0.PG stays 1 and the real CR3 points at a page directory the VMM owns that maps every
 * linear address to the same physical address, so the guest behaves as if paging were off. The guest must not
 * notice:
 *   - CR0.PG (and PE, NE) and CR4.PSE, VMXE are in the CR0/CR4 guest/host masks; the read shadows hold what
 *     the guest last wrote, so MOV from CR0/CR4 shows the guest its own bits, and a MOV to CR0/CR4 that
 *     changes an owned bit exits to the VMM (vtx-exits.ts keeps the real value and the shadow apart);
 *   - while the guest's paging is off, CR3-load and CR3-store exiting are on: the guest's MOV to CR3 is
 *     remembered by the VMM (it takes effect only when the guest turns paging on), MOV from CR3 returns it;
 *   - when the guest sets CR0.PG, the VMM loads the guest's CR3 and CR4.PSE into the real registers and turns
 *     CR3 exiting off (the guest now owns CR3); when it clears CR0.PG, the identity map comes back.
 * The directory maps all 4 GiB with 4 MiB pages (CR4.PSE), writable and user-accessible (ring 3 code with
 * paging off has no page protection either), accessed and dirty already set so that no walk writes to it.
 * It lives in the read-only firmware area 0xA0000–0xFFFFF (the VGA window, which nothing of virtlab uses; the
 * ACPI tables start at 0xF0000): guest writes there are ignored, so the guest cannot corrupt it.
 */
import { FIRMWARE_AREA_START } from '../../machine/platform';

/** Physical address of the identity-map page directory (4 KiB, in the firmware area). */
export const IDENTITY_MAP_PD = FIRMWARE_AREA_START;

const PDE_P = 1, PDE_RW = 2, PDE_US = 4, PDE_A = 0x20, PDE_D = 0x40, PDE_PS = 0x80;
const PDE_FLAGS = PDE_P | PDE_RW | PDE_US | PDE_A | PDE_D | PDE_PS;

/** Writes the identity map into guest-physical memory (`ram` from 0). Same bytes every time: idempotent. */
export function installIdentityMap(ram: Uint8Array): void {
  const view = new DataView(ram.buffer, ram.byteOffset + IDENTITY_MAP_PD, 4096);
  for (let i = 0; i < 1024; i++) view.setUint32(i * 4, ((i << 22) | PDE_FLAGS) >>> 0, true);
}
