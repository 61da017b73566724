/** 5xx, 408 and 429 are worth retrying; any other answer is final. */
export const retryable = (status: number) => status >= 500 || status === 408 || status === 429;
