/** Time is a port: pure code takes `now` as an argument, the shell passes `systemClock`. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
