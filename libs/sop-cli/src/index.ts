export { runSop, nodeIo, type CliIo } from './main';
