// Runs after `npm install`: says plainly which Node the project scripts use.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const local = path.join('node_modules', '.bin', process.platform === 'win32' ? 'node.cmd' : 'node');
if (existsSync(local)) {
  try {
    const v = execFileSync(local, ['--version'], { encoding: 'utf8' }).trim();
    console.log(`[预算绩效工作台] npm 脚本使用项目自带的 Node ${v}（系统 Node ${process.version}）。`);
  } catch {
    console.warn('[预算绩效工作台] 项目自带的 Node 无法运行，请检查 node_modules/node 的安装。');
  }
}
