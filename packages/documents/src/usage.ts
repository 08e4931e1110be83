/** Credits charged per page processed, for every endpoint and model (`usage.credits = page_count × this`). */
export const CREDITS_PER_PAGE = 1;
