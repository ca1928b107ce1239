// Scaffold: replaced by the Electron shell work (issue 2).
import { app } from 'electron';
void app;
