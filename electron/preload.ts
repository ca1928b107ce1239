// Scaffold: replaced by the Electron shell work (issue 2).
export {};
