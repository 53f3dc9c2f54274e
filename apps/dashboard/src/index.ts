export { isLoopbackHost } from './auth.js';
export { type DashboardOptions, startDashboard } from './server.js';
