; %macro m 2
bits 32
%macro m 2
db %{1}, %{2}, %2%1
%endmacro
    m 1, 2
    m 3, 4
