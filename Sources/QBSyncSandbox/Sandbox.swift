/// The local QuickBooks-Online-compatible server lives here.
