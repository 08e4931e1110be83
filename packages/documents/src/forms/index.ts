// Form inference and filling (issue 9).
export {};
