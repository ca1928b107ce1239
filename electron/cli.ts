// Scaffold: replaced by the CLI work (issue 2).
console.error('not implemented yet');
process.exit(1);
