global using Drive.Client;
