; floating-point constants in dd and dq
bits 32
    dd 1.0, -1.0, 0.5, 3.14159, 1.5e3, 2.5e-2, 0.0
    dq 1.0, -2.5, 3.141592653589793, 1e10, 6.02e23
    dd 100.0 , -0.125
