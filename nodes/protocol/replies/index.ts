export * from './send';
export * from './balance';
export * from './reports';
