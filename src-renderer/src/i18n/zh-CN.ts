import type { Messages } from './en';

export const zhCN: Messages = {
  app: { title: 'virtlab', subtitle: 'x86 虚拟化实验室' },
  toolbar: { assemble: '汇编', run: '运行', stop: '停止', language: '语言', mode: '模式' },
  modes: { native: '原生', trap: '陷入并模拟', bt: '二进制翻译', pv: '半虚拟化', vtx: 'VT-x（KVM）' },
  editor: { title: '客户机程序', untitled: '未命名.asm' },
  console: { title: '客户机控制台', welcome: 'virtlab 客户机控制台 — 串口 COM1 的输出显示在这里。' },
  dashboard: {
    title: '硬件',
    cpu: '虚拟 CPU',
    noMachine: '没有正在运行的机器。汇编并运行程序后，这里会显示每个虚拟 CPU。',
    ring: '特权级 {n}',
    vmxRoot: 'VMX 根模式',
    vmxNonRoot: 'VMX 非根模式',
    noVmx: 'VMX 关闭',
    memory: '各 NUMA 节点的内存',
    node: '节点 {n}',
    noNodes: '机器运行后显示内存分布。',
  },
  status: {
    connected: '后端：{host}',
    connecting: '正在连接…',
    disconnected: '无法连接后端',
    diagnostics: '{errors} 个错误，{warnings} 个警告',
    position: '第 {line} 行，第 {col} 列',
    assembled: '已汇编 {bytes} 字节，起始地址 {origin}',
    assemblyFailed: '汇编失败：{errors} 个错误',
  },
};
