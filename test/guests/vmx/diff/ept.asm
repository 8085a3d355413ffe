; EPT (SDM Vol. 3C 29.3): a guest on an identity EPT of its own hypervisor. Each case makes one EPT entry
; deny an access, the guest makes the access, the host prints the exit line (reason 48 or 49, qualification)
; and the guest-physical and guest-linear addresses, repairs the entry, runs INVEPT single-context and the
; guest retries. Cases: a read of a page not present; a write to a read/execute page; a fetch from a
; read/write page; a misconfigured (write-only) entry; INT3 whose delivery pushes onto a read/execute page
; (IDT-vectoring information, instruction length, GUEST_RIP at the INT3); the guest's own page table not
; present (an access to a paging-structure entry: bit 8 clear); on a 2 MiB EPT page: a write to a
; read/execute page, memory type 2 (a misconfiguration), the page not present. Before launching, INVEPT and
; INVVPID results for good and bad types and descriptors.
; -DVIRTLAB_ONLY adds the accessed-bit store into a read-only guest page directory: SDM 29.3.3.2 makes it a data
; write (an EPT violation, qualification bit 1); Bochs 2.7 translates guest paging-structure addresses for
; reads only and stores A/D bits without the EPT write check, so it is not the reference there. It also adds a
; 2 MiB EPT page with bit 12 set: bits 20:12 of such an entry are reserved (SDM table 29-4), a misconfiguration;
; Bochs 2.7 does not check them.
%include "diff.inc"

EPT_PML4    equ 0x210000
EPT_PDPT    equ 0x211000
EPT_PD      equ 0x212000
EPT_PT      equ 0x213000          ; guest-physical 4–6 MiB in 4 KiB pages
GUEST_PD    equ 0x404000          ; the guest's own page directory and page table (guest-physical)
GUEST_PT    equ 0x405000
EPT_RWX     equ 7
EPT_WB      equ 6 << 3
EPTP        equ EPT_PML4 | 6 | (3 << 3)   ; WB, 4-level walk

main:
  ; The host maps 4–8 MiB too (identity), so that it can write the guest's pages.
  mov dword [VMX_PAGE_DIR + 4], 0x400000 | 0x87
  mov eax, cr3
  mov cr3, eax
  call build_ept
  call inv_results
  mov dword [exit_hook], ept_exit
  mov eax, guest
  mov edx, CPU_HLT_EXITING | CPU_ACTIVATE_SECONDARY
  jmp ept_launch

; Identity EPT: 2 MiB pages for 0–4 MiB and 6–64 MiB, 4 KiB pages for 4–6 MiB (all RWX, WB).
build_ept:
  mov edi, EPT_PML4
  mov ecx, 4 * 1024
  xor eax, eax
  cld
  rep stosd
  mov dword [EPT_PML4], EPT_PDPT | EPT_RWX
  mov dword [EPT_PDPT], EPT_PD | EPT_RWX
  xor ecx, ecx
.pde:
  mov eax, ecx
  shl eax, 21
  or eax, 0x80 | EPT_WB | EPT_RWX
  mov [EPT_PD + ecx * 8], eax
  inc ecx
  cmp ecx, 32
  jb .pde
  mov dword [EPT_PD + 2 * 8], EPT_PT | EPT_RWX
  xor ecx, ecx
.pte:
  mov eax, ecx
  shl eax, 12
  add eax, 0x400000
  or eax, EPT_WB | EPT_RWX
  mov [EPT_PT + ecx * 8], eax
  inc ecx
  cmp ecx, 512
  jb .pte
  ret

; set_ept_pte: EAX = a guest-physical page in 4–6 MiB, EDX = the permission/type bits of its EPT PTE; then
; INVEPT single-context (with VPIDs the guest's cached translations would otherwise survive).
set_ept_pte:
  push eax
  push ecx
  mov ecx, eax
  sub ecx, 0x400000
  shr ecx, 12
  and eax, ~0xfff
  or eax, edx
  mov [EPT_PT + ecx * 8], eax
  mov eax, 1
  invept eax, [desc_eptp]
  pop ecx
  pop eax
  ret

align 16
desc_eptp:   dq EPTP, 0
desc_badeptp: dq EPT_PML4 | 6 | (1 << 3), 0  ; a 2-level walk
desc_vpid1:  dq 1, 0x400000
desc_vpid0:  dq 0, 0x400000
desc_noncanonical: dq 1, 0x0000800000000000

; INVEPT / INVVPID outcomes (a current VMCS is needed for VMfailValid).
inv_results:
  mov esi, VMCS1_REGION
  call vmx_load_vmcs
  mov eax, 0
  TRY invept eax, [desc_eptp]        ; type 0: not supported
  mov eax, 1
  TRY invept eax, [desc_eptp]
  TRY invept eax, [desc_badeptp]
  mov eax, 2
  TRY invept eax, [desc_badeptp]     ; all-context: the EPTP is not checked
  mov eax, 0
  TRY invvpid eax, [desc_vpid1]
  TRY invvpid eax, [desc_noncanonical]
  mov eax, 1
  TRY invvpid eax, [desc_vpid1]
  TRY invvpid eax, [desc_vpid0]
  mov eax, 2
  TRY invvpid eax, [desc_vpid0]
  mov eax, 3
  TRY invvpid eax, [desc_vpid1]
  mov eax, 4
  TRY invvpid eax, [desc_vpid1]
  ret

; diff_launch with the secondary controls: enable EPT and enable VPID (VPID 1).
ept_launch:
  push eax
  mov esi, VMCS1_REGION
  call vmx_load_vmcs
  jc vmx_fatal
  xor eax, eax
  mov ecx, IA32_VMX_PINBASED_CTLS
  call vmx_adjust_controls
  VMCS_WRITE VMCS_PIN_BASED_VM_EXEC_CONTROL, eax
  mov eax, edx
  mov ecx, IA32_VMX_PROCBASED_CTLS
  call vmx_adjust_controls
  VMCS_WRITE VMCS_CPU_BASED_VM_EXEC_CONTROL, eax
  mov eax, CPU2_ENABLE_EPT | CPU2_ENABLE_VPID
  mov ecx, IA32_VMX_PROCBASED_CTLS2
  call vmx_adjust_controls
  VMCS_WRITE VMCS_SECONDARY_VM_EXEC_CONTROL, eax
  VMCS_WRITE VMCS_EPT_POINTER, EPTP
  VMCS_WRITE VMCS_EPT_POINTER + 1, 0
  VMCS_WRITE VMCS_VIRTUAL_PROCESSOR_ID, 1
  xor eax, eax
  mov ecx, IA32_VMX_EXIT_CTLS
  call vmx_adjust_controls
  VMCS_WRITE VMCS_VM_EXIT_CONTROLS, eax
  xor eax, eax
  mov ecx, IA32_VMX_ENTRY_CTLS
  call vmx_adjust_controls
  VMCS_WRITE VMCS_VM_ENTRY_CONTROLS, eax
  call vmx_zero_controls
  call vmx_host_state_from_current
  VMCS_WRITE VMCS_HOST_RSP, HOST_STACK_TOP
  VMCS_WRITE VMCS_HOST_RIP, diff_exit
  pop eax
  mov ebx, GUEST_STACK_TOP
  call vmx_guest_state_flat
  vmlaunch
  pushfd
  SAY 'vmlaunch '
  popfd
  call vm_result
  mov al, 0x7c
  jmp exit

; Exit hook: for EPT exits, print the guest-physical address (and the guest-linear one when qualification
; bit 7 says it is valid), make the page RWX again and INVEPT single-context.
ept_exit:
  cmp eax, EXIT_REASON_EPT_VIOLATION
  je .ept
  cmp eax, EXIT_REASON_EPT_MISCONFIG
  jne .done
.ept:
  SAY '  gpa '
  VMCS_READ ebx, VMCS_GUEST_PHYSICAL_ADDRESS
  PRINT ebx
  cmp eax, EXIT_REASON_EPT_MISCONFIG
  je .fix
  VMCS_READ ecx, VMCS_EXIT_QUALIFICATION
  test ecx, 1 << 7
  jz .vectoring
  SAY 'gla '
  VMCS_PRINT VMCS_GUEST_LINEAR_ADDRESS
.vectoring:
  VMCS_READ ecx, VMCS_IDT_VECTORING_INFO_FIELD
  test ecx, ecx
  jns .fix                          ; bit 31: the exit interrupted an event's delivery
  SAY 'vectoring '
  PRINT ecx
  SAY 'length '
  VMCS_PRINT VMCS_VM_EXIT_INSTRUCTION_LEN
  SAY 'rip '
  VMCS_PRINT VMCS_GUEST_RIP
.fix:
  NL
  cmp ebx, 0x400000                 ; a 4 KiB page of 4-6 MiB: that page RWX again (and INVEPT)
  jb .rebuild
  cmp ebx, 0x600000
  jae .rebuild
  mov eax, ebx
  mov edx, EPT_WB | EPT_RWX
  jmp set_ept_pte
.rebuild:
  call build_ept                    ; elsewhere: every entry as it was, then INVEPT
  mov eax, 1
  invept eax, [desc_eptp]
.done:
  ret

; ---- the guest (linear = guest-physical for 0–8 MiB through the host's page directory) ----
guest:
  ; 1. a read of a page EPT does not map
  HOSTCALL case_read
  mov eax, [0x400010]
  ; 2. a write to a read/execute page
  HOSTCALL case_write
  mov dword [0x401020], 0x5a5a
  ; 3. a fetch from a read/write page
  mov byte [0x402000], 0xc3         ; RET
  HOSTCALL case_fetch
  call 0x402000
  ; 4. a misconfigured entry (write without read)
  HOSTCALL case_misconfig
  mov eax, [0x403ffc]
  ; an EPT violation while delivering INT3: its stack page is read/execute only
  mov esi, esp
  mov esp, 0x408000
  HOSTCALL case_stack
  GUEST_FAULT int3
  mov esp, esi
  ; 5, 6. the guest's own tables: 0–4 MiB one 4 MiB page, 4–8 MiB through GUEST_PT
  mov edi, GUEST_PD
  mov ecx, 2048
  xor eax, eax
  rep stosd
%ifdef VIRTLAB_ONLY
  mov dword [GUEST_PD], 0x87                  ; accessed bit clear: the first fetch sets it
%else
  mov dword [GUEST_PD], 0xa7
%endif
  mov dword [GUEST_PD + 4], GUEST_PT | 0x23
  mov ecx, 8
  mov eax, 0x407000 | 0x23
.pt:
  mov [GUEST_PT + ecx * 4 - 4], eax
  sub eax, 0x1000
  loop .pt
  HOSTCALL case_tables
  mov eax, GUEST_PD
  mov cr3, eax
  mov eax, [0x406abc]               ; the guest's PTE: its page table is not present in EPT
  SAY 'guest read '
  PRINT dword [0x401020]
  NL
  ; 7-10. guest-physical 6-8 MiB is one 2 MiB EPT page (back to the host's page directory first)
  mov eax, VMX_PAGE_DIR
  mov cr3, eax
  HOSTCALL case_large_rx
  mov dword [0x600040], 1
  HOSTCALL case_large_type2
  mov eax, [0x7ffffc]
%ifdef VIRTLAB_ONLY
  HOSTCALL case_large_reserved
  mov eax, [0x612340]
%endif
  HOSTCALL case_large_absent
  mov eax, [0x601000]
  HOSTCALL diff_done

case_read:
  mov eax, 0x400000
  xor edx, edx
  jmp set_ept_pte
case_write:
  mov eax, 0x401000
  mov edx, EPT_WB | 5
  jmp set_ept_pte
case_fetch:
  mov eax, 0x402000
  mov edx, EPT_WB | 3
  jmp set_ept_pte
case_stack:
  mov eax, 0x407000
  mov edx, EPT_WB | 5
  jmp set_ept_pte
case_misconfig:
  mov eax, 0x403000
  mov edx, EPT_WB | 2
  jmp set_ept_pte
case_tables:
%ifdef VIRTLAB_ONLY
  mov eax, GUEST_PD
  mov edx, EPT_WB | 5
  call set_ept_pte
%endif
  mov eax, GUEST_PT
  xor edx, edx
  jmp set_ept_pte

; set_ept_pde3: EDX = the EPT PDE of guest-physical 6-8 MiB; then INVEPT single-context.
set_ept_pde3:
  push eax
  mov [EPT_PD + 3 * 8], edx
  mov eax, 1
  invept eax, [desc_eptp]
  pop eax
  ret
case_large_rx:
  mov edx, 0x600000 | 0x80 | EPT_WB | 5
  jmp set_ept_pde3
case_large_type2:
  mov edx, 0x600000 | 0x80 | (2 << 3) | EPT_RWX
  jmp set_ept_pde3
case_large_reserved:
  mov edx, 0x600000 | 0x1000 | 0x80 | EPT_WB | EPT_RWX
  jmp set_ept_pde3
case_large_absent:
  xor edx, edx
  jmp set_ept_pde3
